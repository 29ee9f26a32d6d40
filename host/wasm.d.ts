// esbuild's binary loader hands a .wasm import over as its bytes (host/browser.ts).
declare module "*.wasm" {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
