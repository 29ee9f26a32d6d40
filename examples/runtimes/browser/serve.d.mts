// Types for serve.mjs, for tests/runtimes.test.ts.
import type { Server } from "node:http";

export const ROOT: string;
export function startServer(root?: string, port?: number): Promise<{ server: Server; url: string }>;
