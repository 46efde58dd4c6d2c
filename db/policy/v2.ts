import type { PolicyDraft } from "./types.ts";

/** Accounts arrive: what registration collects, how it is protected, sessions, codes and notices. */
export const v2: PolicyDraft = {
  version: 2,
  effectiveAt: "2026-11-25T12:00:00Z",
  materiality: "material",
  cookies: ["lang", "consent", "lantern_session", "lantern_av", "lantern_recent"],
  summary: {
    en: "Accounts: registration asks for a mobile number, a nickname and a password; we explain how we protect them, the sign-in cookie, one-time codes and account notices.",
    "zh-CN": "新增账户：注册需要手机号、昵称和密码；说明我们如何保护这些信息，以及登录 Cookie、一次性验证码和账户通知。",
  },
  texts: {
    en: `# Lantern privacy policy

This policy explains what **personal information** Lantern collects, why, and what you can do about it. We wrote it to describe what our software actually does today, in plain words. Terms that matter most are **highlighted like this**.

**You can read this policy before you use anything**: every page links to it, and no feature needs you to agree to it first.

## Who we are and what this covers

Lantern is an online shop with live shows, run as a demonstration. This policy covers the website, its live rooms, and the data they handle. Nothing in the shop is really for sale and no order is ever shipped.

## What we collect, and what we do not

- **Browsing and searching need nothing from you.** You do not need an account for them, and we do not record who looked at what. Everything else (chatting and liking in live shows, a cart, orders) needs an account.
- **Search words are not stored.** We use them to find products and then forget them. They are not written to our logs.
- **Live shows count viewers, not people.** When you open a live show, your browser gets a short-lived ticket with a random number, so the room can count how many people are watching. The room never learns your name, phone number or e-mail, and the ticket number changes every time.
- **We do not keep your IP address.** Our servers see it, as every server must, but we do not store it with anything we keep.

Orders, payment and delivery are not part of the shop yet. When they arrive we will publish a new version of this policy first, and tell you what changed.

## Your account

**To register we ask for exactly three things: your mobile number, a nickname and a password**, and your agreement to this policy.

- **Mobile number**: to confirm that you are you, with a six-digit **one-time code** sent by text message, and to sign you in with a code if you prefer. It is **stored encrypted**, and found only through a keyed fingerprint, so a copy of our database alone reveals no phone number. We show it to you masked, with only its last four digits.
- **Nickname**: your public name. **In live shows other viewers see your nickname and your profile picture, and nothing else about you.**
- **Password**: we never store it, only a **memory-hard hash** (scrypt) that cannot be turned back into the password. We refuse passwords that are too short or appear in lists of leaked passwords.
- **Profile picture** (optional): if you upload one, we re-encode it, which removes hidden data such as the place a photo was taken. Otherwise you get a generated picture with your initial.
- **Email address** (optional): used only for the account notices you choose, after you confirm it with a code. Stored encrypted like your phone number.

When you agree to this policy at registration, **we record your agreement in the consent ledger** with the version and a fingerprint of the text you agreed to, under a random identifier rather than your name.

**Signing in** sets one strictly necessary cookie holding a random token; we keep only a fingerprint of it. You are signed out after a week without a visit and after 30 days in any case. Your account page lists **every browser where you are signed in**, and you can sign any of them out. Several failed sign-ins slow further attempts down, and codes are limited per phone number, so nobody can guess their way in.

One-time codes are **stored only as a keyed fingerprint**, work once, expire after 10 minutes, and are deleted within the hour after that.

## Messages we send you

We send **text messages** for your codes and for important account events (a changed password or phone number). We tell members about **changes to this policy** by text message, or by email if you choose that on your account page. Messages are written to an outbox first and sent once; the code in a message is deleted from our systems once it has been sent. We send no marketing.

## Cookies and similar technologies

Cookies are small files a website keeps in your browser. **We use cookies only for the purposes listed below, and only first-party cookies**: no advertising networks, no third-party trackers.

Cookies in the **strictly necessary** category are needed for the site to remember things you asked for, such as your language. All other categories are **optional and off until you say yes**. Refusing them never stops you from browsing, searching or watching.

{{cookie-table}}

You can change your choices at any time under **Cookie settings**, linked at the bottom of every page. **Withdrawing is as easy as agreeing**: one button, and the very next page removes the cookies you no longer allow.

## Global Privacy Control

If your browser sends the **Global Privacy Control (GPC)** signal, we treat it as a refusal of analytics and personalisation, without asking you and without storing anything about you. If you later switch one of them on yourself on that device, we first tell you that you are overriding your browser's signal, and then respect your explicit choice.

## Where you are

Privacy law differs between countries, so we apply the rules of the country your connection comes from. **In the European Union, the United Kingdom, China, and wherever we cannot tell, nothing optional runs until you agree.** Elsewhere, we may count page views without any cookie until you refuse; optional cookies still wait for your yes everywhere. Your consent record notes which rules were applied.

## Analytics

If you allow analytics, we **count page views per page per day**. The only cookie involved holds today's date, so we can tell a first visit from a repeat one; it carries no identifier. The counts cannot be traced back to you.

## Personalisation

If you allow personalisation, we remember the last few products you looked at, in a cookie in your browser, to show them again on the home page. **Non-personalised mode** is the default: switch personalisation off in the privacy centre or cookie settings and the shop shows everyone the same thing.

## Your consent records

Each time you make or change a choice, we **keep a record of it**: a random identifier that is not linked to your name, what you chose for each category, the rules that applied, the version of this policy and of the banner text you saw, your language and the time. Records are **chained together with cryptographic hashes**, so any later change would be detectable. We keep each record for the period shown in it and do not store your IP address.

You can see your records and download a receipt, as a file or as a readable page, in the **privacy centre** at any time.

## Your rights

You can see, correct, export and delete your information, withdraw consent and close your account. **Your account page shows everything we hold about you and lets you change each item where it is shown**: nickname, picture, phone number, email, password and where notices go. The privacy centre shows your consent records from every device you used, with receipts. Export of your data and closing your account from the account page are being built; until then, ask us and we will do it by hand.

## Children

The shop assumes you are an adult. **If you are a minor, please use it only with your parent's or guardian's consent.**

## Changes to this policy

We keep **every version of this policy** with its effective date, at its own permanent address, and you can compare any two versions section by section. When we change it, **we tell you what changed the next time you visit**. If a change affects what you agreed to, such as a new purpose or a new cookie category, **we ask you again** before anything optional runs; smaller editorial changes are announced but do not need a new answer.
`,
    "zh-CN": `# 灯笼优选隐私政策

本政策说明灯笼优选会收集哪些**个人信息**、为什么收集，以及您可以如何管理。我们用平实的语言描述软件目前的实际做法。最重要的条款会**这样突出显示**。

**您可以在使用任何功能之前阅读本政策**：每个页面都有链接，任何功能都不需要您先同意本政策。

## 我们是谁，本政策适用范围

灯笼优选是一个带直播的在线商城，仅作演示之用。本政策适用于本网站、直播间以及它们处理的数据。这里的商品并不真实出售，也不会发货。

## 我们收集什么，不收集什么

- **浏览和搜索不需要您提供任何信息。**您无需注册账户，我们也不会记录谁看了什么。其他功能（直播间聊天和点赞、购物车、订单）需要账户。
- **搜索词不会被保存。**我们只用它来查找商品，随后即丢弃，也不会写入日志。
- **直播间只统计人数，不识别身份。**打开直播时，您的浏览器会获得一张带随机编号的短时效门票，直播间据此统计观看人数。直播间不会知道您的姓名、手机号或电子邮箱，每次的门票编号也都不同。
- **我们不保存您的 IP 地址。**服务器必然会看到它，但我们不会把它与任何保存的数据一起存储。

订单、支付和配送目前尚未上线。上线之前，我们会先发布本政策的新版本，并告诉您具体变化。

## 您的账户

**注册时我们只要求三项信息：手机号、昵称和密码**，以及您对本政策的同意。

- **手机号**：通过短信发送的**六位一次性验证码**确认是您本人，您也可以用验证码登录。手机号**加密保存**，只能通过带密钥的指纹查找，因此仅凭我们的数据库副本无法得知任何手机号。向您展示时会打码，只显示最后四位。
- **昵称**：您的公开名称。**在直播间里，其他观众只能看到您的昵称和头像，看不到您的任何其他信息。**
- **密码**：我们从不保存密码本身，只保存无法还原为密码的**内存困难型哈希**（scrypt）。过短或出现在泄露密码列表中的密码会被拒绝。
- **头像**（可选）：如果您上传头像，我们会重新编码，从而删除照片拍摄地点等隐藏信息。否则会为您生成一个带首字的头像。
- **邮箱地址**（可选）：用验证码确认后，仅用于您选择接收的账户通知。与手机号一样加密保存。

您在注册时同意本政策，**我们会在同意记录账本中记录您的同意**，包括版本和您所同意文本的指纹，记录使用随机标识而不是您的姓名。

**登录**时会设置一个严格必要的 Cookie，其中只有一个随机令牌；我们只保存它的指纹。一周未访问会自动退出登录，无论如何 30 天后都需重新登录。您的账户页面会列出**所有已登录的浏览器**，您可以让其中任何一个退出登录。多次登录失败会使后续尝试变慢，每个手机号的验证码数量也有限制，别人无法靠猜测登录。

一次性验证码**只以带密钥的指纹保存**，只能使用一次，10 分钟后过期，并在此后一小时内删除。

## 我们发送给您的消息

我们通过**短信**发送验证码和重要的账户事件（密码或手机号被修改）。**本政策变更时**，我们会通过短信通知会员；如果您在账户页面选择邮件，则通过邮件通知。消息先写入发件箱，只发送一次；消息中的验证码发送后即从我们的系统中删除。我们不发送营销信息。

## Cookie 及同类技术

Cookie 是网站保存在您浏览器中的小文件。**我们只为下列目的使用 Cookie，并且只使用第一方 Cookie**：没有广告网络，也没有第三方追踪。

**严格必要**类 Cookie 用于让网站记住您主动要求的事情，例如语言。其他类别都是**可选的，在您同意之前一律关闭**。拒绝它们不会影响您浏览、搜索或观看直播。

{{cookie-table}}

您可以随时通过每个页面底部的 **Cookie 设置** 修改选择。**撤回同意和给出同意一样简单**：只需一个按钮，下一个页面就会删除您不再允许的 Cookie。

## 全球隐私控制（GPC）

如果您的浏览器发送**全球隐私控制（GPC）**信号，我们会将其视为拒绝分析和个性化，不会再询问您，也不会保存任何关于您的信息。如果您之后在该设备上主动开启其中某项，我们会先提示您正在覆盖浏览器的信号，然后尊重您明确的选择。

## 您所在的地区

各国隐私法律不同，我们按您的连接所在国家适用相应规则。**在欧盟、英国、中国以及无法判断所在地的情况下，任何可选功能都要在您同意后才会运行。**在其他地区，在您拒绝之前，我们可能在不使用任何 Cookie 的情况下统计页面浏览量；可选 Cookie 在所有地区都要等您同意。您的同意记录会注明适用的规则。

## 统计分析

如果您允许统计分析，我们会**按页面、按天统计浏览次数**。唯一相关的 Cookie 只保存今天的日期，用来区分首次访问与重复访问，不包含任何标识符。这些统计数据无法追溯到您本人。

## 个性化

如果您允许个性化，我们会在您浏览器的 Cookie 中记住您最近看过的几件商品，以便在首页再次展示。**非个性化模式**是默认设置：在隐私中心或 Cookie 设置中关闭个性化后，商城会向所有人展示相同的内容。

## 您的同意记录

每次您作出或修改选择，我们都会**保存一条记录**：一个与您姓名无关的随机标识、您对每个类别的选择、适用的规则、您看到的本政策版本和横幅文字版本、您的语言以及时间。记录之间**通过密码学哈希串联**，之后的任何改动都可以被发现。每条记录按其中注明的期限保存，我们不保存您的 IP 地址。

您可以随时在**隐私中心**查看自己的记录，并下载回执（文件或可阅读的页面）。

## 您的权利

您可以查看、更正、导出和删除您的信息，撤回同意，以及注销账户。**您的账户页面会显示我们保存的关于您的全部信息，并允许您在显示之处直接修改每一项**：昵称、头像、手机号、邮箱、密码以及通知方式。隐私中心会显示您在所有设备上的同意记录及其凭证。从账户页面导出数据和注销账户的功能正在开发中；在此之前，您可以联系我们，由我们人工处理。

## 未成年人

本商城默认您是成年人。**如果您是未成年人，请在父母或其他监护人同意后使用。**

## 本政策的变更

我们保留**本政策的每一个版本**及其生效日期，每个版本都有固定的网址，您可以逐节比较任意两个版本。修改政策时，**我们会在您下次访问时告诉您具体变化**。如果变更影响您已同意的内容，例如新的用途或新的 Cookie 类别，**我们会重新征求您的同意**，之前任何可选功能都不会运行；较小的文字修改只作通知，无需重新选择。
`,
  },
};
