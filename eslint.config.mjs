import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "sdk/dist/**",
      "node_modules/**",
      ".data/**",
      ".data-*/**",
      "db/migrations/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "public/widget.js",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Protocol tests poke at untyped wire frames on purpose.
    files: ["tests/**/*.ts", "sdk/test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "prefer-const": "off" },
  },
  {
    // Framework-free layers: no process.env outside the env module and the local defaults bootstrap.
    files: ["server/**/*.ts", "db/**/*.ts"],
    ignores: ["server/env.ts", "server/local-defaults.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through server/env.ts" },
      ],
    },
  },
];

export default config;
