/* dom.js: links only to http(s) addresses; ids unique on the page. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { loadRuntime } from "./runtime.mjs";

const rt = loadRuntime();

test("safeUrl: an http or https address as it is", () => {
  for (const url of ["http://example.org", "https://example.org/a?b=c#d", "HTTPS://EXAMPLE.ORG",
                     "Http://example.org/path with spaces"]) {
    assert.equal(rt.safeUrl(url), url);
  }
});

test("safeUrl: any other address or value, none", () => {
  for (const url of ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>",
                     "vbscript:x", "file:///etc/passwd", "ftp://example.org", "//example.org",
                     "/relative", "example.org", " http://example.org", "\nhttps://example.org",
                     "http:/example.org", "https:example.org", "httpx://example.org",
                     "mailto:someone@example.org", "", null, undefined, 0]) {
    assert.equal(rt.safeUrl(url), null, JSON.stringify(url));
  }
});

test("uniqueId: a new number each time, whatever the prefix", () => {
  const first = rt.uniqueId("lm-a"), second = rt.uniqueId("lm-b"), third = rt.uniqueId("lm-a");
  const number = (id) => Number(id.slice(id.lastIndexOf("-") + 1));
  assert.match(first, /^lm-a-\d+$/);
  assert.match(second, /^lm-b-\d+$/);
  assert.equal(number(second), number(first) + 1);
  assert.equal(number(third), number(first) + 2);
});
