/** Public URL of an object in the media bucket (served by features/media). */
export const mediaUrl = (key: string) => `/media/${key.split("/").map(encodeURIComponent).join("/")}`;
