import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../../src/copilot/language.js";

describe("detectLanguage", () => {
  it.each([
    ["en", "Hi, how do I print a shipping label for my order? It keeps failing with an error."],
    ["de", "Ich habe mein Passwort vergessen und die E-Mail zum Zurücksetzen kommt nicht an."],
    ["es", "Hola, no puedo imprimir la etiqueta de envío de mi pedido, ¿me podéis ayudar?"],
    ["fr", "Bonjour, je n'arrive pas à imprimer l'étiquette d'expédition de ma commande."],
  ])("recognises %s", (expected, text) => {
    expect(detectLanguage(text)).toBe(expected);
  });

  it("reads Spanish that trigrams alone take for Portuguese as Spanish", () => {
    expect(detectLanguage("No puedo entrar\nHola equipo,\n\nNo me acuerdo de la contraseña y el enlace para restablecerla no llega.")).toBe("es");
  });

  it.each([
    "Problem\nHello,\n\nIs ZPL better than PDF? Our warehouse guy says it's faster.\n\nThanks,\nCamille",
    "Can't buy label\nWhen I click Get rates on order SC-06368 it says \"No rates available\". What's wrong?",
    "Quick question\nhi\nwhy can't i add more than 10 rules?",
  ])("keeps short English tickets full of product names English: %s", (text) => {
    expect(detectLanguage(text)).toBe("en");
  });

  it("falls back for text under 25 characters, to English unless told otherwise", () => {
    expect(detectLanguage("Danke, hat geklappt!")).toBe("en");
    expect(detectLanguage("Danke, hat geklappt!", "de")).toBe("de");
  });

  it("falls back when the language is undetermined", () => {
    expect(detectLanguage("12345 67890 12345 67890 12345 67890", "fr")).toBe("fr");
  });

  it("falls back for languages without reply templates instead of forcing a neighbour", () => {
    expect(detectLanguage("Ciao, non riesco a trovare la fattura con il numero dell'ordine")).toBe("en");
    expect(detectLanguage("Olá, não consigo imprimir a etiqueta de envio do meu pedido, podem ajudar?", "de")).toBe("de");
  });
});
