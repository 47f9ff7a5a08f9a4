/**
 * The question endpoints, with the request body each takes (API contract). A BANKING77 question is one
 * sentence, so as a ticket it is the subject with an empty description, as a widget sends it.
 */
export interface QuestionEndpoint {
  name: "suggestions" | "answers" | "search";
  path: string;
  body: (question: string) => unknown;
}

export const suggestionBody = (question: string) => ({ ticket: { subject: question, description: "" }, limit: 5 });
export const answerBody = (question: string) => ({ question });
export const searchBody = (question: string, kind: "article" | "ticket" = "article") => ({ query: question, kind, limit: 5 });

export function questionEndpoints(): QuestionEndpoint[] {
  return [
    { name: "suggestions", path: "/v1/suggestions", body: suggestionBody },
    { name: "answers", path: "/v1/answers", body: answerBody },
    { name: "search", path: "/v1/search", body: (q) => searchBody(q) },
  ];
}
