// Story tests: Storybook's portable stories pull in CommonJS (aria-query, …) that WTR's on-the-fly
// resolver cannot serve, so each story test file is bundled by esbuild first (see TOOLCHAIN.md §6).
import * as esbuild from 'esbuild';
import baseConfig from './web-test-runner.config.mjs';

function esbuildBundleTests() {
  return {
    name: 'esbuild-bundle-tests',
    async serve(context) {
      if (!context.path.endsWith('.test.ts')) return undefined;
      const result = await esbuild.build({
        stdin: {
          contents: `import './test/harness/guard.ts';\nimport '.${context.path}';`,
          resolveDir: process.cwd(),
          loader: 'ts',
        },
        bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2022',
        tsconfig: 'tsconfig.json', sourcemap: 'inline', logLevel: 'silent',
        // package.json's sideEffects lists only the shipped define modules; test files are all side effects
        ignoreAnnotations: true,
        // Stories run on the simulated provider only. The platform SDKs are imported lazily, and some are
        // Node-only code (the Genesys client's winston/configparser), so they stay as unexecuted imports.
        external: ['purecloud-platform-client-v2', 'purecloud-platform-client-v2/*', '@azure/*', '@kandy-io/*'],
        define: { 'process.env.NODE_ENV': '"development"' },
      });
      return { body: result.outputFiles[0].text, type: 'js' };
    },
  };
}

export default {
  ...baseConfig,
  files: ['test/stories/**/*.test.ts'],
  nodeResolve: false,
  mimeTypes: { '**/*.ts': 'js' },
  plugins: [esbuildBundleTests()],
};
