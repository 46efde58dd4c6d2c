/** An email address as shown back to its owner: first letter of the name, the domain in full ("m•••@example.com"). */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "•••";
  return `${[...email.slice(0, at)][0]}•••${email.slice(at)}`;
}
