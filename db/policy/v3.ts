import type { PolicyDraft } from "./types.ts";

/**
 * Discovery arrives: members' browsing and search history, which they see, delete and pause; recent
 * searches kept on the device; search by photo and voice; recommendations. Material: search words were
 * promised not to be stored, and personalisation gains new uses, so everyone is asked again. The text also
 * catches up with what was built since v2, which still called it "not part of the shop yet" or "being
 * built": cart and orders, payment and delivery, identity verification, live-show replays, data export,
 * closing the account, and guardian consent for minors.
 */
export const v3: PolicyDraft = {
  version: 3,
  effectiveAt: "2026-11-26T00:00:00Z",
  materiality: "material",
  cookies: ["lang", "consent", "lantern_session", "lantern_av", "lantern_recent", "lantern_searches"],
  summary: {
    en: "New: members' history and searches, which they see, delete and pause (or keep searches on their device); search by photo (not kept unless saved) and voice (no audio reaches us); recommendations that say why, and a non-personalised mode. Now described as built: orders, payment and delivery, cart reminders, identity checks only for cross-border and ¥5,000+ orders, guardian consent under 14, live shows, data export and closing your account.",
    "zh-CN": "新增：会员的足迹和搜索记录，可查看、删除和暂停（或仅把搜索保存在设备上）；拍照搜索（除非保存，否则不保留照片）和语音搜索（我们收不到任何音频）；说明理由的推荐和非个性化模式。并按实际功能说明：订单、支付和配送、购物车提醒、仅在跨境和 ¥5,000 及以上订单时进行的实名认证、未满 14 周岁的监护人同意、直播、数据导出和注销账户。",
  },
  texts: {
    en: `# Lantern privacy policy

This policy explains what **personal information** Lantern collects, why, and what you can do about it. We wrote it to describe what our software actually does today, in plain words. Terms that matter most are **highlighted like this**.

**You can read this policy before you use anything**: every page links to it, and no feature needs you to agree to it first.

## Who we are and what this covers

Lantern is an online shop with live shows, run as a demonstration. This policy covers the website, its live rooms, and the data they handle. Nothing in the shop is really for sale and no order is ever shipped.

## What we collect, and what we do not

- **Browsing and searching need nothing from you.** You do not need an account for them, and without an account we keep nothing on our servers about what you looked at or searched for. Everything else (chatting and liking in live shows, a cart, orders) needs an account.
- **Members have a history they control.** If you are signed in, we keep what you viewed, watched, ordered and searched for, so you can find it again; see "Your history" below. You can delete it or pause it at any time.
- **Search words are never written to our logs.**
- **An order asks only for what it needs**: who receives it, where, and a phone number; invoice details only if you want an invoice; your verified identity only for items shipped from abroad and orders of ¥5,000 or more. See "Cart and orders" below.
- **Live shows count viewers, not people.** When you open a live show, your browser gets a short-lived ticket, so the room can count how many people are watching. A guest's ticket holds a random number that changes every time. A member's holds a number made for that one show (so your tabs count once), your nickname and your profile picture. **A ticket never holds your real name, phone number, e-mail or account.**
- **We do not keep your IP address.** Our servers see it, as every server must, but we do not store it with anything we keep.

## Your account

**To register we ask for exactly four things: your mobile number, a nickname, a password, and the year and month you were born**, and your agreement to this policy.

- **Mobile number**: to confirm that you are you, with a six-digit **one-time code** sent by text message, and to sign you in with a code if you prefer. It is **stored encrypted**, and found only through a keyed fingerprint, so a copy of our database alone reveals no phone number. We show it to you masked, with only its last four digits.
- **Nickname**: your public name. **In live shows other viewers see your nickname, your profile picture and what you do in the room (see "Live shows"), and nothing else about you.**
- **Password**: we never store it, only a **memory-hard hash** (scrypt) that cannot be turned back into the password. We refuse passwords that are too short or appear in lists of leaked passwords.
- **Year and month of birth**: only to know whether you are under the age of consent (see "Children"). We keep no day of birth.
- **Profile picture** (optional): if you upload one, we re-encode it, which removes hidden data such as the place a photo was taken. Otherwise you get a generated picture with your initial.
- **Email address** (optional): used only for the account notices you choose, after you confirm it with a code. Stored encrypted like your phone number.

When you agree to this policy at registration, **we record your agreement in the consent ledger** with the version and a fingerprint of the text you agreed to, under a random identifier rather than your name.

**Signing in** sets one strictly necessary cookie holding a random token; we keep only a fingerprint of it. You are signed out after a week without a visit and after 30 days in any case. Your account page lists **every browser where you are signed in**, and you can sign any of them out. Several failed sign-ins slow further attempts down, and codes are limited per phone number, so nobody can guess their way in.

One-time codes are **stored only as a keyed fingerprint**, work once, expire after 10 minutes, and are deleted within the hour after that.

## Your history

**If you are signed in, we keep a history of what you do in the shop**: the products you view, the categories you visit, the live shows you watch and the orders you place, each once, with the time you last did it. It is there so you can find things again. **Guests get no history on our servers.**

**You manage it on your history page**, linked from your account page: it is grouped by day, you can **delete any item or clear it all**, and you can **pause** it at any time. While it is paused nothing new is added, and what is already there stays until you delete it.

**Searches**: if you are signed in, we keep **the words you searched for, how many times and when — and nothing else**, so you can search again quickly. You can delete them one by one, clear them or pause them on your search history page. You can also choose **"keep my search history on this device only"**: we then delete the searches kept with your account and keep none from then on, and your browser keeps your recent searches itself, in its own storage, where you can remove them on the search page. Without an account, your browser can do the same for you if you allow personalisation.

**Searching with a photo or your voice**: your camera or microphone is asked for only when you press the button for it. A photo you search with is used to find products that look alike and is then discarded — unless you are signed in and choose to save the search, which keeps the photo with your account until you delete it on your saved searches page. Voice search uses your browser's own speech recognition: we receive only the words, never any audio.

Members waiting for a parent's or guardian's consent keep no history. Your history and your searches are part of your data export, and are deleted when your account is closed.

## Cart and orders

**Your cart needs an account.** It keeps the products and quantities you add until you buy or remove them. We use it for price-drop and coupon reminders (see "Messages we send you"), and your orders page lists what you bought in two or more orders, with "buy again". **A cart share link carries only products and quantities** — not your name, your account or prices — and works for 7 days.

**To place an order we ask for the recipient's name, mobile number and address.** An alternate phone, a preferred delivery time and a note for the shop are optional. You can save an address to your **address book** (up to 20) and delete it at any time. **Only if you want an invoice** do we ask for the invoice title (a person's or company's name), the email address to send it to, and, for a company, its taxpayer ID. **If an item ships from abroad, or the order comes to ¥5,000 or more**, we ask you to verify your identity first (see "Identity verification").

**Ordering for someone else**: you give their name, address and phone and **confirm that they agreed** to you giving them to us; we record when you confirmed it. We use their details only to deliver that order.

An order records what you bought and at what price, the discounts applied (your member level's, and at most one coupon), shipping, the total, the order number, when it was placed, every change of its status, and your note. We use it to show you your orders, to deliver, for after-sales service, for reconciliation and for tax. **Delivery details, the taxpayer ID, the invoice email and the ID number for customs are stored encrypted**, on the order and in your address book, and **shown masked**: the name as its first letter, the phone as its last four digits, the address with its numbers hidden. Our staff see the recipient masked and never the address; they do read your note.

**Member levels**: your level comes from what you spent and how many orders you completed in the last 12 months, by the rules published on the levels page. It is recomputed when an order completes and every night, and gives you discounts and free shipping. **Coupons**: shop coupons you type in at checkout, and coupons you take in a live show; we record which ones you used, to apply each coupon's limit per member.

**How long**: your cart and address book stay until you remove them. **Orders are the shop's accounting records, which tax and accounting law require us to keep**: they stay even after you close your account, but then without anything that names you (see "Closing your account").

## Payment and delivery

**You pay on the payment provider's page, not on ours**, so we never see your card or account details. The provider receives only **the order's reference, the amount, the currency and "Lantern order" with the order number** — not your name, phone, address or what you bought. We keep which provider was used, its reference for the payment, the amount, the payment's status and its times. If an order is paid twice, the second payment is refunded automatically. An order waits 30 minutes for payment; after that it is cancelled.

**Ask someone to pay**: a link you can send to anyone. It shows the order number, the items and the amount — **never who the order is for or where it goes** — and works while the order waits for payment.

**Invoices** are issued once the order is paid: a document that only you can download from your order page, and a message to the invoice email address saying it is ready. The document shows the taxpayer ID in full, as a tax document must; our pages show it masked.

**The carrier receives a label and nothing else: the recipient's name, address and phone, and a reference** made from the order with a secret key, so the carrier cannot link the parcel to the payment. It never receives the items, prices, invoice details, your email, the alternate phone, the delivery time or your account. We keep the carrier's name, the tracking number and the tracking events the carrier sends us (what happened, where — a depot, not a person — and when), which your order page shows as a timeline, for after-sales service and disputes. Besides the label, only your own data copy holds full delivery details (and not those of someone you ordered for); every page shows them masked.

## Identity verification

**We never ask for your identity at registration.** We ask for your **real name and ID card number** only when an order needs them: **items shipped from abroad**, which clear customs in the name of the person who orders them, and **orders of ¥5,000 or more**, to protect you and the shop against fraud. We check them once with an identity verification service, which receives those two values and answers only whether they belong together.

We keep both **encrypted and show them only masked**, even to you. A cross-border order keeps your ID card number, encrypted, for its customs declaration. You can **delete your identity details on your account page** at any time; orders already placed keep the number customs needed, and you are asked again when an order needs it.

## Live shows

**Watching needs no account**; chatting, liking, voting in polls, entering giveaways and buying in a show need one. **In a live room everyone sees your nickname and profile picture with what you do there**: your chat messages, "nickname just bought product" when you buy from the show (never the price or anything else), and your name and picture if you win a giveaway. Likes and votes are shown only as totals, and viewers as a count. The host and our staff also see the show's figures — viewers, messages, product clicks, orders and takings — as totals. They can remove messages, and mute a viewer or stop them chatting.

**Replays**: when a show ends, its page keeps a replay: the chat as it was public in the room (without removed messages or those of a viewer stopped from chatting), the products shown, flash sales and coupons, purchase announcements, poll and giveaway results, and the final figures. Your own chat messages are part of your data export. When your account is erased, your messages leave the replays, and your name and picture leave any giveaway you won.

## Messages we send you

We send **text messages** for your codes and for important account events (a changed password or phone number, or someone trying to register with your number). We tell members about **changes to this policy** by text message, or by email if you choose that on your account page. Other messages go the same way, and only when something of yours happens: your data copy is ready, your account is set to close, your guardian answered, or the invoice you asked for is issued (this one goes to the invoice email address you gave). Messages are written to an outbox first and sent once; the code in a message is deleted from our systems once it has been sent.

**Cart reminders are the only messages that promote anything**: when a product in your cart gets cheaper, or a new shop coupon applies to your cart, we tell you, once for each drop or coupon. They are on when you open an account, and you can **switch them off on your account page**. **Members under the age of consent never get them.** We send no other marketing.

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

If you allow personalisation, we remember the last few products you looked at, in a cookie in your browser, to show them again on the home page, and your browser keeps your recent searches in its own storage, to show them on the search page; they are never sent to us. **Non-personalised mode** is the default: switch personalisation off in the privacy centre or cookie settings and the shop shows everyone the same thing.

With personalisation on, the home page's **"For you"** suggests products from what you viewed, the shelves you visit, your cart and your orders, and every suggestion says why it is shown. With it off — and always when your browser sends GPC, and for members under the age of consent — "For you" shows what is popular and new, the same for everyone, and your history is not read for it. Product pages show similar products and what shoppers bought together, counted over all orders, never one person's.

## Your consent records

Each time you make or change a choice, we **keep a record of it**: a random identifier that is not linked to your name, what you chose for each category, the rules that applied, the version of this policy and of the banner text you saw, your language and the time. Records are **chained together with cryptographic hashes**, so any later change would be detectable. We keep each record for the period shown in it and do not store your IP address.

You can see your records and download a receipt, as a file or as a readable page, in the **privacy centre** at any time.

## Your rights

You can see, correct, export and delete your information, withdraw consent and close your account. **Your account page shows everything we hold about you and lets you change each item where it is shown**: nickname, picture, phone number, email, password, where notices go and cart reminders; your address book, your identity details and your guardian's consent are reached from there too. Your history and your search history have their own pages, where you can delete and pause them. The privacy centre shows your consent records from every device you used, with receipts.

**A copy of your data**: on your account page, ask for **one ZIP file with everything we hold about you** — your profile and picture, signed-in browsers, a record of the codes and messages we sent you, consent records, history and searches (with saved photo searches), cart, address book, orders with their invoices, level, the coupons and flash-sale units you took, your live-show chat messages, identity details and guardian's consent. It holds data.json, machine-readable, and index.html, to read in any browser. Other people's details (the recipient of an order for someone else, a guardian's number) are masked; passwords, and the codes and sign-in tokens themselves, which we keep only as one-way hashes, are left out. It is ready in a minute or so: we send you a message, and you can download it while signed in for 7 days, after which it is deleted. You can ask once an hour.

## Closing your account

**You can close your account on your account page**, after confirming that it is you. Your other browsers are signed out at once, and **everything is erased 7 days later**; until then you can sign in and press **"Keep my account"**, and nothing is erased. If an order is still on its way (waiting for payment, paid or shipped), erasure waits until it is delivered or cancelled, because the parcel needs the address.

**What is erased**: your profile (phone number, nickname, email, password, picture, birth month), your identity details and guardian's consent; your cart, address book, history, searches and saved photo searches; the coupons and flash-sale units you took, your member level and reminders; your data copies and invoice documents; your chat messages in live-show replays, and your name and picture on a giveaway you won; your sessions, and the link between you and your consent records. Your phone number can then be used to register again.

**What is kept, and why**: **your orders, because tax and accounting law require them** — items, prices, discounts, shipping, totals, order numbers, dates and statuses — but they no longer name you: the recipient, address, phone numbers, note, invoice title, taxpayer ID, invoice email and ID number are removed, and the orders belong to no account. An invoice's number stays with its order; the document, which names the buyer, is deleted. Your **consent records** stay in the consent ledger as proof of what was agreed, until the date shown in each, under pseudonymous identifiers that nothing links to you any more.

## Children

The shop assumes you are an adult. To be sure, **when you register we ask the year and month you were born, and keep nothing finer.** If you are **under 14, the age of consent**, your account needs **a parent's or guardian's consent** before you can do more than browse and search.

**Until they agree**, you can browse and search, and watch live shows and read their chat, but not use the cart, order, keep addresses, chat, like, take part in polls and giveaways, save photo searches, or add a picture or an email address; and we keep no history or searches for you. You give us your parent's or guardian's mobile number; they get a text message with a code and a link (the code works for 10 minutes, the link for 7 days), where they see who is asking, read this policy and answer. **We keep their number encrypted, only for this, with their answer, its time and the version of this policy they were shown.** If they decline, you can ask again.

**Whatever your guardian says, members under the age of consent never get cart reminders or any other marketing, and never get personalised recommendations**: the shop shows them what it shows everyone. These limits end by themselves when you reach the age of consent. If you are 14 or older but not yet an adult, please read this policy with your parent or guardian.

## Changes to this policy

We keep **every version of this policy** with its effective date, at its own permanent address, and you can compare any two versions section by section. When we change it, **we tell you what changed the next time you visit**. If a change affects what you agreed to, such as a new purpose or a new cookie category, **we ask you again** before anything optional runs; smaller editorial changes are announced but do not need a new answer.
`,
    "zh-CN": `# 灯笼优选隐私政策

本政策说明灯笼优选会收集哪些**个人信息**、为什么收集，以及您可以如何管理。我们用平实的语言描述软件目前的实际做法。最重要的条款会**这样突出显示**。

**您可以在使用任何功能之前阅读本政策**：每个页面都有链接，任何功能都不需要您先同意本政策。

## 我们是谁，本政策适用范围

灯笼优选是一个带直播的在线商城，仅作演示之用。本政策适用于本网站、直播间以及它们处理的数据。这里的商品并不真实出售，也不会发货。

## 我们收集什么，不收集什么

- **浏览和搜索不需要您提供任何信息。**您无需注册账户；未登录时，我们的服务器不会保存您看过或搜索过什么。其他功能（直播间聊天和点赞、购物车、订单）需要账户。
- **会员的足迹由会员自己掌控。**登录后，我们会保存您浏览、观看、下单和搜索的内容，方便您再次找到；详见下文“您的足迹”。您可以随时删除或暂停。
- **搜索词从不写入我们的日志。**
- **下单只需要订单所需的信息**：收件人是谁、寄往何处和联系电话；只有您需要发票时才填写发票信息；只有境外发货的商品和 ¥5,000 及以上的订单才需要实名认证。详见下文“购物车和订单”。
- **直播间只统计人数，不识别身份。**打开直播时，您的浏览器会获得一张短时效门票，直播间据此统计观看人数。访客的门票带一个随机编号，每次都不同；会员的门票带一个只用于这场直播的编号（同时打开多个标签页也只算一次），以及您的昵称和头像。**门票从不包含您的真实姓名、手机号、电子邮箱或账户。**
- **我们不保存您的 IP 地址。**服务器必然会看到它，但我们不会把它与任何保存的数据一起存储。

## 您的账户

**注册时我们只要求四项信息：手机号、昵称、密码和出生年月**，以及您对本政策的同意。

- **手机号**：通过短信发送的**六位一次性验证码**确认是您本人，您也可以用验证码登录。手机号**加密保存**，只能通过带密钥的指纹查找，因此仅凭我们的数据库副本无法得知任何手机号。向您展示时会打码，只显示最后四位。
- **昵称**：您的公开名称。**在直播间里，其他观众能看到您的昵称、头像以及您在直播间里的互动（见下文“直播”），看不到您的任何其他信息。**
- **密码**：我们从不保存密码本身，只保存无法还原为密码的**内存困难型哈希**（scrypt）。过短或出现在泄露密码列表中的密码会被拒绝。
- **出生年月**：仅用于判断您是否未满同意年龄（见下文“未成年人”）。我们不保存具体的出生日。
- **头像**（可选）：如果您上传头像，我们会重新编码，从而删除照片拍摄地点等隐藏信息。否则会为您生成一个带首字的头像。
- **邮箱地址**（可选）：用验证码确认后，仅用于您选择接收的账户通知。与手机号一样加密保存。

您在注册时同意本政策，**我们会在同意记录账本中记录您的同意**，包括版本和您所同意文本的指纹，记录使用随机标识而不是您的姓名。

**登录**时会设置一个严格必要的 Cookie，其中只有一个随机令牌；我们只保存它的指纹。一周未访问会自动退出登录，无论如何 30 天后都需重新登录。您的账户页面会列出**所有已登录的浏览器**，您可以让其中任何一个退出登录。多次登录失败会使后续尝试变慢，每个手机号的验证码数量也有限制，别人无法靠猜测登录。

一次性验证码**只以带密钥的指纹保存**，只能使用一次，10 分钟后过期，并在此后一小时内删除。

## 您的足迹

**登录后，我们会记录您在商城中的足迹**：您浏览的商品、逛过的分类、观看的直播和下的订单，每项只记一次，并记下最近一次的时间。这是为了方便您再次找到它们。**访客不会在我们的服务器上留下任何足迹。**

**您可以在足迹页面管理它**（账户页面有链接）：足迹按天分组，您可以**删除任何一条或全部清除**，也可以随时**暂停**。暂停期间不会添加新的记录，已有的记录会保留，直到您删除。

**搜索**：登录后，我们会保存**您搜索的词语、搜索次数和时间，仅此而已**，方便您快速再次搜索。您可以在搜索历史页面逐条删除、全部清除或暂停。您也可以选择**“搜索历史仅保存在此设备”**：我们会删除账户中保存的搜索，此后不再保存；您的浏览器会在自己的存储中保存最近的搜索，您可以在搜索页面删除。未登录时，如果您允许个性化，浏览器也可以为您这样做。

**拍照和语音搜索**：只有在您按下相应按钮时，才会请求使用摄像头或麦克风。您用于搜索的照片只用来查找外观相似的商品，随后即丢弃——除非您已登录并选择保存该搜索，照片才会随账户保存，直到您在“已保存的搜索”页面删除。语音搜索使用您浏览器自带的语音识别：我们只收到文字，从不收到任何音频。

等待父母或其他监护人同意的会员不会保留足迹。您的足迹和搜索包含在您的数据副本中，并会在账户注销时删除。

## 购物车和订单

**使用购物车需要账户。**购物车保存您加入的商品和数量，直到您购买或移除。我们会根据购物车发送降价和优惠券提醒（见下文“我们发送给您的消息”），订单页面会列出您在两个或以上订单中买过的商品，方便“再次购买”。**购物车分享链接只包含商品和数量**，不包含您的姓名、账户或价格，7 天内有效。

**下单时我们会要求填写收件人的姓名、手机号和地址。**备用电话、期望送货时间和给商家的备注可以选填。您可以把地址保存到**地址簿**（最多 20 个），并随时删除。**只有当您需要发票时**，我们才会要求填写发票抬头（个人或单位名称）、发票接收邮箱，单位还需填写纳税人识别号。**如果有商品从境外发货，或订单金额达到 ¥5,000**，我们会请您先完成实名认证（见下文“实名认证”）。

**为他人下单**：您需要提供对方的姓名、地址和电话，并**确认对方同意**您把这些信息提供给我们；我们会记录您确认的时间。对方的信息只用于配送该订单。

订单会记录您购买的商品及价格、使用的优惠（会员等级折扣，以及最多一张优惠券）、运费、总额、订单号、下单时间、每一次状态变化以及您的备注。我们用这些信息向您展示订单、安排配送、提供售后服务、对账和报税。**收货信息、纳税人识别号、发票邮箱和报关用的身份证号均加密保存**（订单和地址簿中都是如此），**显示时会打码**：姓名只显示第一个字，电话只显示最后四位，地址中的数字会被隐藏。我们的工作人员只能看到打码后的收件人，看不到地址；您的备注会由工作人员阅读。

**会员等级**：根据您近 12 个月内的消费金额和已完成的订单数，按会员等级页面公布的规则计算；在订单完成时和每晚重新计算，对应折扣和包邮权益。**优惠券**：包括结账时输入的商城优惠券和在直播中领取的优惠券；我们会记录您使用过哪些优惠券，以执行每张优惠券对每位会员的使用限制。

**保存期限**：购物车和地址簿保存到您删除为止。**订单是本店的账务记录，税务和会计法规要求我们保存**：即使您注销账户，订单也会保留，但届时不再包含任何能指向您的信息（见下文“注销账户”）。

## 支付和配送

**您在支付服务商的页面付款，而不是在我们的页面**，因此我们从不接触您的银行卡或支付账户信息。支付服务商只会收到**订单的参考编号、金额、币种以及“灯笼优选订单”加订单号**，不会收到您的姓名、电话、地址或所购商品。我们保存所用的支付服务商、其支付参考编号、金额、支付状态和时间。如果同一订单被重复支付，第二笔款项会自动退回。订单下单后等待付款 30 分钟，逾期自动取消。

**找人代付**：您可以把代付链接发给任何人。对方只能看到订单号、商品和金额，**看不到订单是给谁的、寄往何处**；链接在订单等待付款期间有效。

**发票**在订单付款后开具：发票文件只有您能在订单页面下载，我们会向发票接收邮箱发送开具通知。发票文件按税务要求显示完整的纳税人识别号，我们的页面上则打码显示。

**承运商只收到面单，别无其他：收件人的姓名、地址和电话，以及一个参考编号**。该编号由订单通过密钥生成，承运商无法把包裹与支付关联起来。承运商不会收到商品、价格、发票信息、您的邮箱、备用电话、期望送货时间或您的账户。我们保存承运商名称、运单号以及承运商发来的物流事件（发生了什么、在哪里——是网点而不是个人——以及时间），并在您的订单页面以时间线显示，用于售后和纠纷处理。除面单外，只有您自己的数据副本包含完整的收货信息（为他人下单时的收件人信息除外）；所有页面都打码显示。

## 实名认证

**注册时我们从不要求实名认证。**只有订单需要时，我们才会询问您的**真实姓名和身份证号码**：**境外发货的商品**，因为它们以下单人的名义报关；以及 **¥5,000 及以上的订单**，以保护您和本店免受欺诈。我们会通过认证服务核验一次，该服务只收到这两项信息，并只回答二者是否匹配。

两者均**加密保存，任何页面都只显示打码后的内容**，包括给您看的页面。跨境订单会加密保存您的身份证号码，用于报关。您可以随时**在账户页面删除实名信息**；已下的订单会保留报关所需的号码，之后有订单需要时会再次询问。

## 直播

**观看直播不需要账户**；聊天、点赞、参与投票和抽奖以及在直播中购买需要账户。**在直播间里，所有人都能看到您的昵称、头像以及您在其中的互动**：您的聊天消息；您在直播中购买时的“某某刚刚买下了某商品”（不显示价格或其他信息）；您在抽奖中奖时的昵称和头像。点赞和投票只显示总数，观众只显示人数。主播和我们的工作人员还能看到本场直播的统计数据——观看人数、消息数、商品点击、订单数和销售额——均为汇总数字。他们可以删除消息，也可以禁言某位观众或禁止其聊天。

**直播回放**：直播结束后，页面会保留回放：直播间中公开过的聊天内容（不含被删除的消息和被禁止聊天的观众的消息）、展示过的商品、秒杀和优惠券、购买播报、投票和抽奖结果，以及最终统计数据。您自己的聊天消息包含在您的数据副本中。账户删除后，您的消息会从回放中移除，您中奖时显示的昵称和头像也会移除。

## 我们发送给您的消息

我们通过**短信**发送验证码和重要的账户事件（密码或手机号被修改，或有人尝试用您的手机号注册）。**本政策变更时**，我们会通过短信通知会员；如果您在账户页面选择邮件，则通过邮件通知。其他消息也通过同样的方式发送，且只在与您相关的事情发生时发送：您的数据副本已准备好、您的账户即将注销、您的监护人已答复，或您申请的发票已开具（这条消息发送到您填写的发票接收邮箱）。消息先写入发件箱，只发送一次；消息中的验证码发送后即从我们的系统中删除。

**购物车提醒是我们唯一带有推广性质的消息**：当您购物车中的商品降价，或有新的商城优惠券适用于您的购物车时，我们会通知您，每次降价或每张优惠券只通知一次。注册后默认开启，您可以**在账户页面关闭**。**未满同意年龄的会员永远不会收到。**我们不发送其他营销信息。

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

如果您允许个性化，我们会在您浏览器的 Cookie 中记住您最近看过的几件商品，以便在首页再次展示；您的浏览器还会在自己的存储中保存您最近的搜索，显示在搜索页面，这些搜索从不发送给我们。**非个性化模式**是默认设置：在隐私中心或 Cookie 设置中关闭个性化后，商城会向所有人展示相同的内容。

开启个性化后，首页的**“为你推荐”**会根据您浏览的商品、逛过的分类、购物车和订单推荐商品，每条推荐都会说明推荐理由。关闭个性化后——以及浏览器发送 GPC 信号时、未达同意年龄的会员——“为你推荐”只展示热门和新品，对所有人都一样，也不会为此读取您的足迹。商品页展示相似商品和“经常一起购买”的商品，按全部订单统计，从不针对某一个人。

## 您的同意记录

每次您作出或修改选择，我们都会**保存一条记录**：一个与您姓名无关的随机标识、您对每个类别的选择、适用的规则、您看到的本政策版本和横幅文字版本、您的语言以及时间。记录之间**通过密码学哈希串联**，之后的任何改动都可以被发现。每条记录按其中注明的期限保存，我们不保存您的 IP 地址。

您可以随时在**隐私中心**查看自己的记录，并下载回执（文件或可阅读的页面）。

## 您的权利

您可以查看、更正、导出和删除您的信息，撤回同意，以及注销账户。**您的账户页面会显示我们保存的关于您的全部信息，并允许您在显示之处直接修改每一项**：昵称、头像、手机号、邮箱、密码、通知方式和购物车提醒；地址簿、实名信息和监护人同意也都可以从账户页面进入。您的足迹和搜索历史有各自的页面，您可以在那里删除和暂停。隐私中心会显示您在所有设备上的同意记录及其凭证。

**获取数据副本**：在账户页面，您可以申请**一个包含我们保存的关于您的全部信息的 ZIP 文件**：个人资料和头像、已登录的浏览器、我们发送过的验证码和消息的记录、同意记录、足迹和搜索（包括已保存的拍照搜索）、购物车、地址簿、订单及其发票、会员等级、领取的优惠券和秒杀名额、您在直播中的聊天消息、实名信息和监护人同意。文件中包含机器可读的 data.json 和可在任何浏览器中阅读的 index.html。他人的信息（例如为他人下单时的收件人、监护人的手机号）会打码；密码以及验证码和登录令牌本身我们只以单向哈希保存，不包含在内。准备过程约需一分钟，完成后我们会给您发消息；此后 7 天内，您可以在登录后下载，之后文件即被删除。每小时可申请一次。

## 注销账户

**您可以在账户页面注销账户**，需要先确认是您本人。您在其他浏览器上的登录会立即退出，**所有信息会在 7 天后删除**；在此之前，您可以登录并点击**“保留我的账户”**，这样不会删除任何信息。如果还有订单在途（等待付款、已付款或已发货），删除会等到订单送达或取消后进行，因为包裹需要地址。

**将被删除的信息**：您的个人资料（手机号、昵称、邮箱、密码、头像、出生年月）、实名信息和监护人同意记录；购物车、地址簿、足迹、搜索记录和已保存的拍照搜索；领取的优惠券和秒杀名额、会员等级和提醒设置；数据副本和发票文件；您在直播回放中的聊天消息，以及您中奖时显示的昵称和头像；您的登录会话，以及您与同意记录之间的关联。此后，您的手机号可以重新用于注册。

**将被保留的信息及原因**：**您的订单，因为税务和会计法规要求保存**——商品、价格、优惠、运费、总额、订单号、日期和状态——但订单不再指向您：收货人、地址、电话、备注、发票抬头、纳税人识别号、发票邮箱和身份证号都会删除，订单也不再属于任何账户。发票号码随订单保留；载有购买方信息的发票文件会删除。您的**同意记录**会作为同意内容的凭证保留在同意记录账本中，直到每条记录注明的日期；这些记录以假名编号保存，此后没有任何信息能把它们与您联系起来。

## 未成年人

本商城默认您是成年人。为确认这一点，**注册时我们会询问您的出生年月，不保存更具体的日期。**如果您**未满 14 周岁（同意年龄）**，您的账户需要**父母或其他监护人同意**，才能使用浏览和搜索以外的功能。

**在监护人同意之前**，您可以浏览和搜索商品，观看直播和阅读聊天，但不能使用购物车、下单、保存地址、聊天、点赞、参与投票和抽奖、保存拍照搜索，也不能添加头像或邮箱；我们也不会为您保留足迹或搜索记录。您需要提供父母或监护人的手机号；对方会收到一条带验证码和链接的短信（验证码 10 分钟内有效，链接 7 天内有效），可以在链接页面看到是谁在请求、阅读本政策并答复。**我们加密保存对方的手机号，仅用于此事，并记录其答复、答复时间以及对方看到的政策版本。**如果对方不同意，您可以再次请求。

**无论监护人是否同意，未满同意年龄的会员都不会收到购物车提醒或任何营销信息，也不会获得个性化推荐**：商城向其展示的内容与所有人相同。您年满同意年龄后，这些限制会自动解除。如果您已满 14 周岁但尚未成年，请与父母或其他监护人一起阅读本政策。

## 本政策的变更

我们保留**本政策的每一个版本**及其生效日期，每个版本都有固定的网址，您可以逐节比较任意两个版本。修改政策时，**我们会在您下次访问时告诉您具体变化**。如果变更影响您已同意的内容，例如新的用途或新的 Cookie 类别，**我们会重新征求您的同意**，之前任何可选功能都不会运行；较小的文字修改只作通知，无需重新选择。
`,
  },
};
