import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { demoLoop } from "../../db/seed/media/demo-loop.ts";
import { demoMembers } from "../../db/seed/seed-members.ts";
import { browse, seedDemoShop, signInAs, textOf, Visitor } from "./support.ts";

const demo = "spring-tea-tasting";

beforeAll(async () => {
  await seedDemoShop({ members: true });
});

/** Sets the demo show's video source, as the host console will. */
async function streamFrom(kind: "none" | "demo" | "stream" | "webrtc", input: string | null = null) {
  await env.DB.prepare("UPDATE live_shows SET stream_kind = ?1, stream_input = ?2 WHERE slug = ?3").bind(kind, input, demo).run();
}

/** The island names a page marks for hydration. */
const islandsOf = (html: string) => [...html.matchAll(/data-island="([a-z-]+)"/g)].map((match) => match[1]);

describe("the show's stage", () => {
  it("plays the demo loop as plain server HTML: autoplaying, muted, looping, inline, with the cover as poster", async () => {
    await streamFrom("demo");
    const html = await (await browse(`/live/${demo}`)).text();
    const video = html.match(/<video class="stage__media"[^>]*>/)?.[0] ?? "";
    expect(video).toContain(`src="/media/${demoLoop.key}"`);
    expect(video).toMatch(/poster="\/media\/shows\/spring-tea-tasting\.[0-9a-f]{12}\.png"/);
    for (const attribute of ["autoplay", "muted", "loop", "playsinline", 'width="960"', 'height="540"']) expect(video).toContain(` ${attribute}`);
    expect(islandsOf(html)).not.toContain("stream-player");
    expect(islandsOf(html)).not.toContain("camera-viewer");
    expect(html).not.toContain('class="stage__waiting"');
  });

  it("shows the cover and says, politely and in the reader's language, that it is waiting for the host when there is no video", async () => {
    await streamFrom("none");
    const english = await (await browse(`/live/${demo}`)).text();
    const status = english.match(/<div class="stage__waiting" role="status">[\s\S]*?<\/div>/)?.[0] ?? "";
    expect(textOf(status)).toBe("Waiting for the host The video starts when Master Lin turns the camera on. The chat and the products are live in the meantime.");
    expect(english).toMatch(/<img class="stage__media" src="\/media\/shows\/[^"]+" alt="Live stage for Spring tea tasting with Master Lin"/);
    // The room works without video: the chat and the viewer counter are there all the same.
    expect(islandsOf(english)).toEqual(expect.arrayContaining(["viewer-counter", "live-chat"]));
    const chinese = await (await browse(`/live/${demo}`, { language: "zh-CN" })).text();
    expect(textOf(chinese)).toContain("等待主播开播 Master Lin 打开摄像头后视频就会开始。");
  });

  it("waits for the host on a Stream show while the deployment has no Stream customer code", async () => {
    await streamFrom("stream", "6b9e68b07dfee8cc2d116e4c51d6a957");
    const response = await browse(`/live/${demo}`);
    const html = await response.text();
    expect(textOf(html)).toContain("Waiting for the host");
    expect(islandsOf(html)).not.toContain("stream-player");
    expect(response.headers.get("content-security-policy")).toContain("media-src 'self' blob:;");
  });

  it("gives viewers the camera player and the host the camera's controls on a show on the host's camera", async () => {
    await streamFrom("webrtc");
    const guest = await (await browse(`/live/${demo}`)).text();
    expect(islandsOf(guest)).toContain("camera-viewer");
    expect(islandsOf(guest)).not.toContain("host-camera");
    expect(textOf(guest)).toContain("Turn on JavaScript to watch the host's camera.");

    const lin = demoMembers.find((member) => member.role === "host")!;
    const host = new Visitor();
    expect((await signInAs(host, lin, `/live/${demo}`)).status).toBe(303);
    const hostPage = await (await host.get(`/live/${demo}`)).text();
    expect(islandsOf(hostPage)).toContain("host-camera");
    expect(islandsOf(hostPage)).not.toContain("camera-viewer");
    const props = JSON.parse(hostPage.match(/data-island="host-camera" data-props="([^"]+)"/)![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, "&"));
    expect(props).toMatchObject({ kind: "webrtc", whipUrl: null, peer: { iceServers: [], relayOnly: false }, ticketUrl: `/api/live/${demo}/ticket` });

    const mei = demoMembers.find((member) => member.role === "shopper")!;
    const member = new Visitor();
    await signInAs(member, mei, `/live/${demo}`);
    expect(islandsOf(await (await member.get(`/live/${demo}`)).text())).toContain("camera-viewer");
  });

  it("shows only the cover before the show, whatever its video will be", async () => {
    const html = await (await browse("/live/kiln-opening")).text();
    expect(html).not.toContain("<video");
    expect(html).not.toContain('class="stage__waiting"');
    expect(textOf(html)).toContain("This show hasn't started yet");
  });
});
