// @custom-elements-manifest/analyzer: the manifest is generated from the sources' JSDoc.
// packagejson: false, because package.json already names custom-elements.json and the staleness check
// writes to a scratch folder it must not record there.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/frameworks/**'],
  outdir: '.',
  litelement: true,
  packagejson: false,
};
