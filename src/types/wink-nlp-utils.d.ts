// wink-nlp-utils ships no typings; only the function this project uses is declared.
declare module "wink-nlp-utils" {
  const utils: {
    string: {
      /** Porter2 (Snowball English) stem of one lower-case word. */
      stem(word: string): string;
    };
  };
  export default utils;
}
