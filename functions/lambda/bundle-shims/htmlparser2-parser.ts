/**
 * Stands in for `htmlparser2` in the Lambda bundles. linkedom, its only caller there, takes
 * `Parser` and nothing else from it (`const {Parser} = HTMLParser2` in its parse-from-string);
 * that destructuring of the namespace keeps every other export in the bundle, and with them a
 * second and a third copy of the DOM helpers and of `entities` (domutils 3, dom-serializer 2,
 * entities 4: ≈ 100 KB of the clean package, none of it ever run). This is the same `Parser`,
 * from the same installed package (its `exports` map names no subpath, hence the file path).
 */
export { Parser } from "../../../node_modules/htmlparser2/dist/esm/Parser.js";
