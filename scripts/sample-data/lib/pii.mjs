// Generators for personal data that the redaction rules should catch. Card numbers pass the Luhn check
// and IBANs carry a valid mod-97 checksum, so validators treat them as real-looking values.

export function luhnCheckDigit(partial) {
  let sum = 0;
  let double = true;
  for (let i = partial.length - 1; i >= 0; i--) {
    let d = Number(partial[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}

export function luhnValid(number) {
  const digits = number.replace(/\D/g, "");
  return luhnCheckDigit(digits.slice(0, -1)) === digits.slice(-1);
}

function group(str, sizes, sep) {
  const parts = [];
  let i = 0;
  for (const size of sizes) {
    parts.push(str.slice(i, i + size));
    i += size;
  }
  if (i < str.length) parts.push(str.slice(i));
  return parts.filter(Boolean).join(sep);
}

const TEST_CARDS = ["4111111111111111", "4242424242424242", "5555555555554444", "4012888888881881", "5105105105105100"];

export function card(rng) {
  let digits;
  const kind = rng.int(0, 9);
  if (kind < 3) digits = rng.pick(TEST_CARDS);
  else if (kind < 8) {
    const prefix = rng.pick(["4000", "4539", "4916", "5413", "5275", "2221"]);
    const body = prefix + rng.digits(11);
    digits = body + luhnCheckDigit(body);
  } else {
    // 15-digit card, 4-6-5 grouping
    const body = rng.pick(["34", "37"]) + rng.digits(12);
    digits = body + luhnCheckDigit(body);
    return rng.chance(0.7) ? group(digits, [4, 6, 5], " ") : digits;
  }
  const style = rng.int(0, 3);
  if (style === 0) return digits;
  if (style === 1) return group(digits, [4, 4, 4, 4], "-");
  return group(digits, [4, 4, 4, 4], " ");
}

function mod97(numeric) {
  let rem = 0;
  for (const ch of numeric) rem = (rem * 10 + Number(ch)) % 97;
  return rem;
}

export function ibanChecksum(country, bban) {
  const rearranged = (bban + country + "00")
    .toUpperCase()
    .split("")
    .map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c))
    .join("");
  return String(98 - mod97(rearranged)).padStart(2, "0");
}

export function ibanValid(iban) {
  const compact = iban.replace(/\s/g, "").toUpperCase();
  const rearranged = (compact.slice(4) + compact.slice(0, 4))
    .split("")
    .map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c))
    .join("");
  return mod97(rearranged) === 1;
}

export function iban(rng) {
  const fixed = ["DE89370400440532013000", "GB82WEST12345698765432"];
  let compact;
  if (rng.chance(0.2)) compact = rng.pick(fixed);
  else {
    const kind = rng.pick(["DE", "GB", "FR", "ES", "NL", "DE", "ES"]);
    let bban;
    if (kind === "DE") bban = rng.digits(18);
    else if (kind === "GB") bban = rng.pick(["WEST", "NWBK", "MIDL", "BARC"]) + rng.digits(14);
    else if (kind === "FR") bban = rng.digits(10) + rng.digits(11) + rng.digits(2);
    else if (kind === "ES") bban = rng.digits(20);
    else bban = rng.pick(["ABNA", "RABO", "INGB"]) + rng.digits(10);
    compact = kind + ibanChecksum(kind, bban) + bban;
  }
  return rng.chance(0.75) ? compact.replace(/(.{4})/g, "$1 ").trim() : compact;
}

export function phone(rng) {
  // Mostly numbers from ranges set aside for fiction (UK 020 7946 0xxx / 07700 900xxx, US 555-01xx,
  // AU 0491 570 xxx, FR 01 99 00 xx xx), written the many ways customers write them.
  const d = (n) => rng.digits(n);
  switch (rng.int(0, 9)) {
    case 0: return `+44 20 7946 0${d(3)}`;
    case 1: return `07700 900${d(3)}`;
    case 2: return `(${rng.pick(["202", "312", "415", "503", "617", "718"])}) 555-01${d(2)}`;
    case 3: return `(555) 013-${d(4)}`;
    case 4: return `+1 ${rng.pick(["312", "646", "206", "512"])}-555-01${d(2)}`;
    case 5: return `+49 151 2345 67${d(2)}`;
    case 6: return `01 99 00 ${d(2)} ${d(2)}`;
    case 7: return `555.01${d(1)}.${d(4)}`;
    case 8: return `+61 491 570 ${rng.int(110, 159)}`;
    default: return `020 7946 0${d(3)}`;
  }
}

const STREETS_EN = ["Baker Street", "Elm Avenue", "Rosemary Lane", "Harbour Road", "Kingfisher Way", "Mill Lane", "Orchard Close", "Station Road", "Cedar Drive", "Willow Crescent", "Maple Street", "Pioneer Boulevard", "Lakeview Terrace", "Quarry Hill", "Foundry Street"];
const CITIES_EN = [["Bristol", "BS3 4QT"], ["Leeds", "LS6 2AB"], ["Manchester", "M4 1HN"], ["Portland, OR", "97214"], ["Austin, TX", "78704"], ["Columbus, OH", "43215"], ["Brighton", "BN1 3FF"], ["Glasgow", "G12 8QQ"], ["Denver, CO", "80205"], ["Cardiff", "CF10 1EP"]];

export function address(rng) {
  const kind = rng.int(0, 9);
  if (kind === 0) return "221 Baker Street";
  if (kind === 1) return `1600 Elm Avenue, Apt ${rng.int(1, 12)}`;
  if (kind === 2) return `${rng.pick(["Lindenstraße", "Bergstraße", "Am Kanal", "Schillerweg"])} ${rng.int(2, 140)}, ${rng.pick(["10115 Berlin", "50667 Köln", "80331 München", "20095 Hamburg"])}`;
  if (kind === 3) return `Calle ${rng.pick(["del Pez", "Mayor", "de la Luna", "Arenal"])} ${rng.int(3, 90)}, ${rng.int(1, 6)}º ${rng.pick(["A", "B", "C"])}, ${rng.pick(["28004 Madrid", "08012 Barcelona", "46001 Valencia"])}`;
  if (kind === 4) return `${rng.int(2, 80)} rue ${rng.pick(["des Lilas", "Victor Hugo", "du Moulin", "Saint-Roch"])}, ${rng.pick(["75011 Paris", "69003 Lyon", "31000 Toulouse"])}`;
  const [city, post] = rng.pick(CITIES_EN);
  const unit = rng.chance(0.3) ? `, ${rng.pick(["Apt", "Unit", "Flat", "Suite"])} ${rng.int(1, 40)}` : "";
  return `${rng.int(3, 2400)} ${rng.pick(STREETS_EN)}${unit}, ${city} ${post}`;
}

export function altEmail(rng, first, last) {
  const f = first.toLowerCase().normalize("NFD").replace(/[^a-z]/g, "");
  const l = last.toLowerCase().normalize("NFD").replace(/[^a-z]/g, "");
  const local = rng.pick([`${f}.${l}`, `${f}${rng.int(1, 99)}`, `${f[0]}${l}`, `${l}.${f}`, `${f}_${l}`]);
  return `${local}@${rng.pick(["example.com", "example.net", "example.org", "mail.example"])}`;
}
