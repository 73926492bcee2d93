// Lint: typescript-eslint's type-checked recommended rules over the server, the web app, tests and benches.
// `npm run lint` fails on any problem (warnings included). A line-level disable names its rule and says why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'apps/web/dist/**',
      'apps/web/src/api/schema.d.ts',
      'test-artifacts/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // vite.config.mts belongs to no tsconfig (the web app's covers src/ only); it gets a default project.
        projectService: { allowDefaultProject: ['apps/web/vite.config.mts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `const { secret, ...rest } = row` is how an object loses a key: the named sibling is not "unused".
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // End-to-end tests and benches read HTTP answers through supertest/fetch, whose bodies are `any` by design
    // (`res.body.data[0].id`): typing every response would restate the OpenAPI document in each test for no
    // safety the assertions don't already give. So the `any`-flow rules are off here only; libs/ and apps/
    // (unit tests under libs/*/src/__tests__ included) keep them.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
