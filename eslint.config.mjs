import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { configs as litConfigs } from 'eslint-plugin-lit';
import { configs as wcConfigs } from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  // docs/frameworks/examples import the built package (call-elements/* → lib/), which a fresh clone has not
  // built yet when lint runs; test/frameworks compiles them with each framework's own compiler after the build.
  { ignores: ['dist/**', 'lib/**', 'storybook-static/**', 'node_modules/**', 'custom-elements.json', 'coverage/**', 'demo/vendor/**', 'docs/frameworks/examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  wcConfigs['flat/recommended'],
  wcConfigs['flat/best-practice'],
  litConfigs['flat/recommended'],
  // LitElement always implements connectedCallback etc., so the guard is noise for Lit
  { rules: { 'wc/guard-super-call': 'off' } },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'stories/**/*.ts'],
    languageOptions: { globals: { ...globals.mocha } },
    // @open-wc/testing's chai Assertion type is thenable -> no-floating-promises false positives
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: false, project: null },
    },
  },
  {
    files: ['demo/**/*.js', 'test/fixtures/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
