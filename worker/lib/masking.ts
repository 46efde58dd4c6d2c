/** An email address as shown back to its owner: first letter of the name, the domain in full ("m•••@example.com"). */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "•••";
  return `${[...email.slice(0, at)][0]}•••${email.slice(at)}`;
}

/**
 * A person's name as staff see it on an order: the first character only, every other letter a star,
 * spaces kept ("王芳" → "王*", "Wang Fang" → "W*** ****"). Enough to match a parcel to a caller.
 */
export function maskName(name: string): string {
  const [first = "", ...rest] = [...name.trim()];
  return first + rest.map((char) => (/\s/.test(char) ? char : "*")).join("");
}

/**
 * A delivery address as shown back to its owner: the place names stay (so they recognise it), every
 * digit (house, building and room numbers) is hidden ("88 Jiefang Road" → "•• Jiefang Road").
 */
export function maskAddress(address: string): string {
  return address.replace(/\p{Nd}/gu, "•");
}

/** An identifier (taxpayer id, payment reference) as shown on a page: its first two and last two characters ("91••••1Y"). */
export function maskId(id: string): string {
  const chars = [...id.trim()];
  // Too short to show four characters of it without giving most of it away.
  if (chars.length < 8) return "••••";
  return `${chars.slice(0, 2).join("")}••••${chars.slice(-2).join("")}`;
}

/**
 * An identity card number as shown anywhere, to its owner too: its first and last characters, every
 * other one a star, the length kept ("11010119900307803X" → "1****************X").
 */
export function maskIdNumber(id: string): string {
  const chars = [...id.trim()];
  if (chars.length < 4) return "*".repeat(chars.length);
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars.at(-1)}`;
}
