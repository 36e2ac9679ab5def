/**
 * The cleaner (ADR 0003): `cleanArticle` and its types. The recipe's steps live in sub-folders:
 * decode/, blocks/, html/, select/, language/.
 */
export {
  type CleanedArticle,
  cleanArticle,
  type HtmlReader,
  type ReaderLoader,
  type ReferenceDecoder,
  readersOnDemand,
} from "./clean-article.js";
