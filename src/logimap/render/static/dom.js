/* Elements made from code, never from HTML text: every text from the data is inserted with
   textContent, so names, quotes and notes display literally whatever they contain; and each
   one in an element of its own whose direction is isolated (dir="auto", or <bdi> inside a
   sentence), so a right-to-left field or a stray direction mark cannot reorder the text
   around it. */

function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null && text !== "") node.textContent = String(text);
  return node;
}

/* A text from the data: an element of its own (a <bdi> unless tag says otherwise), its
   direction taken from its own first strong character. */
function datum(text, tag, className) {
  var node = el(tag || "bdi", className, text);
  if (tag) node.dir = "auto";
  return node;
}

function append(parent, children) {
  children.forEach(function (child) {
    if (child === null || child === undefined || child === "") return;
    parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  });
  return parent;
}

function button(className, text, label) {
  var node = el("button", className, text);
  node.type = "button";
  if (label) node.setAttribute("aria-label", label);
  return node;
}

function safeUrl(url) {
  return /^https?:\/\//i.test(url || "") ? url : null;
}

function link(url, text) {
  var a = el("a", null, text);
  a.href = url;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  return a;
}

var uniqueIds = 0;

/* An id no other element of the page has. */
function uniqueId(prefix) {
  uniqueIds += 1;
  return prefix + "-" + uniqueIds;
}
