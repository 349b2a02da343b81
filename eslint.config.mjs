// ESLint flat config: typescript-eslint's recommended rules over src/ and test/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.vscode-test/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', disallowTypeAnnotations: false }],
      'eqeqeq': ['error', 'smart'],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Use crypto for randomness.' }],
    },
  },
  {
    // Only the service layer talks to the SDK.
    files: ['src/**/*.ts'],
    ignores: ['src/aws/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@aws-sdk/*', '@smithy/*'], message: 'Only src/aws/ imports the AWS SDK.' }] }],
    },
  },
  {
    // Pure model code imports neither vscode nor the AWS SDK; it may name the SDK's types
    // (`import type`, erased at build), so its shapes are derived from the SDK's, not copied.
    files: ['src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vscode'], message: 'src/model/ is pure: no vscode.' },
            { group: ['@aws-sdk/*', '@smithy/*'], allowTypeImports: true, message: 'src/model/ may import the SDK\'s types only (import type).' },
          ],
        },
      ],
    },
  },
  {
    // The emulator stands in for AWS: it must not share code with the product it tests.
    files: ['test/emulator/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src', '**/src/**'], message: 'test/emulator/ must not import from src/.' }] }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', performance: 'readonly', global: 'readonly' } },
  },
  {
    // act (#12): the trivial extension the activation bench compares with is plain CommonJS, as a small extension is written.
    files: ['test/fixtures/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', exports: 'writable', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
