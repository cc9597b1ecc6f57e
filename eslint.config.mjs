/* ESLint's configuration for the map runtime (src/logimap/render/static) and its tests.

   The runtime's scripts named in render/assets.py's SCRIPTS are joined, in that order, into
   one function of every map, so each may use what the others declare at their top level.
   Each is linted on its own with exactly those names declared: the other scripts' top-level
   names are its globals (a name two scripts declare is a redeclaration), and a top-level name
   of its own that only another script uses counts as used. Both lists are read from the
   scripts themselves (their scope, as ESLint sees it), so they follow the code.
   logimap-tracks.js is a script of its own (one closure) and shares nothing but window. */

import js from "@eslint/js";
import * as eslintScope from "eslint-scope";
import * as espree from "espree";
import globals from "globals";
import { bundledScripts, scriptText, STATIC } from "./tests/js/scripts.mjs";

const ECMA_VERSION = 2020;
const LEAFLET = { L: "readonly" };

/* A script's top-level names and the names it uses without declaring them. */
function topLevel(name) {
  const code = scriptText(name);
  const options = { ecmaVersion: ECMA_VERSION, sourceType: "script" };
  const ast = espree.parse(code, { ...options, range: true, ecmaFeatures: { impliedStrict: true } });
  const scope = eslintScope.analyze(ast, { ...options, impliedStrict: true }).globalScope;
  const declared = scope.variables.map((variable) => variable.name);
  // References at the top level are left unresolved there: those to its own names are not free.
  const free = new Set(scope.through.map((reference) => reference.identifier.name)
    .filter((used) => !declared.includes(used)));
  return { declared, free };
}

/* For each joined script: its globals (the others' names) and its names only others use. */
function bundleConfigs() {
  const scripts = new Map(bundledScripts().map((name) => [name, topLevel(name)]));
  return [...scripts].map(([name, own]) => {
    const others = [...scripts].filter(([other]) => other !== name).map(([, names]) => names);
    const shared = Object.fromEntries(others.flatMap((names) => names.declared)
      .map((declared) => [declared, "readonly"]));
    const usedElsewhere = own.declared.filter((declared) =>
      others.some((names) => names.free.has(declared)));
    const unused = { caughtErrors: "none" };
    if (usedElsewhere.length) unused.varsIgnorePattern = `^(?:${usedElsewhere.join("|")})$`;
    return {
      files: [`${STATIC}/${name}`],
      languageOptions: { globals: shared, parserOptions: { ecmaFeatures: { impliedStrict: true } } },
      rules: { "no-unused-vars": ["error", unused] },
    };
  });
}

export default [
  { ignores: ["node_modules/", "tests/vendor/"] },  // tests/vendor: third-party code, as shipped
  js.configs.recommended,
  {
    rules: {
      "array-callback-return": "error",
      eqeqeq: "error",
      "no-loop-func": "error",
      "no-self-compare": "error",
      "no-unmodified-loop-condition": "error",
      "no-unreachable-loop": "error",
      "no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
  {
    files: [`${STATIC}/*.js`],
    languageOptions: {
      ecmaVersion: ECMA_VERSION,
      sourceType: "script",
      globals: { ...globals.browser, ...LEAFLET },
    },
  },
  ...bundleConfigs(),
  {
    files: ["eslint.config.mjs", "tests/js/**/*.mjs"],
    languageOptions: { ecmaVersion: "latest", sourceType: "module", globals: globals.node },
  },
];
