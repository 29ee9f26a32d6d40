// The talk's examples/python/*.py, bundled as text by scripts/web.js: { name: source }.
declare module "virtual:python-examples" {
  const examples: Record<string, string>;
  export default examples;
}
