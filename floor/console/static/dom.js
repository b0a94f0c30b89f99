// Build DOM and SVG nodes without HTML strings (no injection, CSP-friendly), and update
// the page in place: `replace` morphs what is there into what was built, keeping every
// node that stays (a button under a finger is the same button after a live update).
const SVG_NS = "http://www.w3.org/2000/svg";

function dispatch(event) {
  const handler = event.currentTarget.__on?.[event.type];
  if (handler) handler.call(event.currentTarget, event);
}

function listen(node, type, handler) {
  node.__on ??= {};
  if (!(type in node.__on)) node.addEventListener(type, dispatch);
  node.__on[type] = handler;
}

function fill(node, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) listen(node, name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

export function s(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** Make `node`'s children what `children` describe, reusing the nodes already there. */
export function replace(node, ...children) {
  morphChildren(node, [...fill(document.createElement("div"), {}, children).childNodes]);
}

const keyOf = (n) => n.nodeType === 1 ? n.getAttribute("data-key") ?? n.getAttribute("data-testid") ?? n.id ?? "" : "";
const sameKind = (a, b) => a.nodeType === b.nodeType && a.nodeName === b.nodeName;

function morphChildren(parent, wanted) {
  const keyed = new Map();
  const loose = [];
  for (const child of parent.childNodes) {
    const key = keyOf(child);
    if (key) keyed.set(key, child); else loose.push(child);
  }
  wanted.forEach((next, i) => {
    const key = keyOf(next);
    let old = key ? keyed.get(key) : loose.find((c) => sameKind(c, next));
    if (old && sameKind(old, next)) {
      if (key) keyed.delete(key); else loose.splice(loose.indexOf(old), 1);
      morph(old, next);
    } else {
      old = next;
    }
    if (parent.childNodes[i] !== old) parent.insertBefore(old, parent.childNodes[i] ?? null);
  });
  while (parent.childNodes.length > wanted.length) parent.lastChild.remove();
}

function morph(old, next) {
  if (old.nodeType !== 1) {
    if (old.data !== next.data) old.data = next.data;
    return;
  }
  const editing = old === document.activeElement && /^(INPUT|SELECT|TEXTAREA)$/.test(old.nodeName);
  for (const { name } of [...old.attributes]) {
    if (name === "open") continue;  // opened by the user (details, dialog): theirs to close
    if (!next.hasAttribute(name)) old.removeAttribute(name);
  }
  for (const { name, value } of next.attributes) {
    if (editing && name === "value") continue;
    if (old.getAttribute(name) !== value) old.setAttribute(name, value);
  }
  if (old.nodeName === "INPUT" && !editing) {
    old.checked = next.checked;
    if (next.hasAttribute("value")) old.value = next.getAttribute("value");
  }
  for (const [type, handler] of Object.entries(next.__on ?? {})) listen(old, type, handler);
  for (const type of Object.keys(old.__on ?? {})) if (!next.__on?.[type]) old.__on[type] = null;
  if (!editing || old.nodeName === "SELECT") morphChildren(old, [...next.childNodes]);
}
