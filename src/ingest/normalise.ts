import { convert } from "html-to-text";
import { marked } from "marked";

const htmlToTextOptions = {
  wordwrap: false as const,
  selectors: [
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
    { selector: "h1", options: { uppercase: false } },
    { selector: "h2", options: { uppercase: false } },
    { selector: "h3", options: { uppercase: false } },
    { selector: "h4", options: { uppercase: false } },
    { selector: "table", format: "dataTable" },
  ],
};

/**
 * Article bodies arrive as plain text, Markdown or HTML. Markdown is rendered to HTML first so one
 * HTML-to-text pass gives the same plain text for all three (numbered steps stay numbered).
 */
export function bodyToText(body: string): string {
  const html = marked.parse(body, { async: false, gfm: true });
  return tidy(convert(html, htmlToTextOptions));
}

// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Collapses runs of blank lines and trailing spaces, and drops control characters except newlines and tabs. */
export function tidy(text: string): string {
  return text
    .replace(CONTROL_CHARACTERS, "")
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
