/**
 * What each outbox message says, per language. Texts carry no personal data beyond what the recipient
 * already knows (their own code); links are paths on the shop, never tokens that identify the person.
 */
import type { ContentLocale } from "../../../db/schema/index.ts";

export const templates = [
  "code_register",
  "code_sign_in",
  "code_reset",
  "code_change_phone",
  "code_verify_email",
  "code_confirm",
  "account_exists",
  "password_changed",
  "phone_changed",
  "policy_notice",
  "cart_price_drop",
  "cart_coupon",
  "invoice_issued",
  "export_ready",
  "guardian_request",
  "guardian_decision",
  "account_closing",
] as const;
export type Template = (typeof templates)[number];

export type Rendered = { subject: string; body: string };
type Params = Record<string, string | number>;

const texts: Record<Template, Record<ContentLocale, (p: Params) => Rendered>> = {
  code_register: {
    en: (p) => ({ subject: "Your Lantern registration code", body: `Lantern: ${p.code} is your registration code. It expires in 10 minutes. Never share it.` }),
    "zh-CN": (p) => ({ subject: "灯笼优选注册验证码", body: `【灯笼优选】注册验证码 ${p.code}，10 分钟内有效。请勿告诉任何人。` }),
  },
  code_sign_in: {
    en: (p) => ({ subject: "Your Lantern sign-in code", body: `Lantern: ${p.code} is your sign-in code. It expires in 10 minutes. Never share it.` }),
    "zh-CN": (p) => ({ subject: "灯笼优选登录验证码", body: `【灯笼优选】登录验证码 ${p.code}，10 分钟内有效。请勿告诉任何人。` }),
  },
  code_reset: {
    en: (p) => ({ subject: "Reset your Lantern password", body: `Lantern: ${p.code} is your code to reset your password. It expires in 10 minutes. If you did not ask, ignore this message.` }),
    "zh-CN": (p) => ({ subject: "重置灯笼优选密码", body: `【灯笼优选】重置密码验证码 ${p.code}，10 分钟内有效。如非本人操作，请忽略。` }),
  },
  code_change_phone: {
    en: (p) => ({ subject: "Confirm your new phone number", body: `Lantern: ${p.code} confirms this number for your account. It expires in 10 minutes.` }),
    "zh-CN": (p) => ({ subject: "确认新手机号", body: `【灯笼优选】验证码 ${p.code}，用于把此号码绑定到您的账户，10 分钟内有效。` }),
  },
  code_verify_email: {
    en: (p) => ({ subject: "Confirm your email address", body: `Your Lantern code to confirm this email address is ${p.code}. It expires in 10 minutes.` }),
    "zh-CN": (p) => ({ subject: "确认您的邮箱地址", body: `您用于确认此邮箱地址的灯笼优选验证码是 ${p.code}，10 分钟内有效。` }),
  },
  code_confirm: {
    en: (p) => ({ subject: "Confirm it is you", body: `Lantern: ${p.code} confirms it is you, to change your account's phone number or password. It expires in 10 minutes.` }),
    "zh-CN": (p) => ({ subject: "确认是您本人", body: `【灯笼优选】验证码 ${p.code}，用于确认是您本人以修改账户手机号或密码，10 分钟内有效。` }),
  },
  account_exists: {
    en: () => ({
      subject: "Someone tried to register with your number",
      body: "Lantern: someone tried to register with this number, which already has an account. If it was you, sign in or reset your password. If not, you can ignore this.",
    }),
    "zh-CN": () => ({
      subject: "有人尝试用您的号码注册",
      body: "【灯笼优选】有人尝试用此号码注册，但该号码已有账户。如是本人，请直接登录或重置密码；如非本人，请忽略。",
    }),
  },
  password_changed: {
    en: () => ({ subject: "Your password was changed", body: "Lantern: your password was just changed. If this was not you, reset it now with “Forgot password”." }),
    "zh-CN": () => ({ subject: "您的密码已修改", body: "【灯笼优选】您的密码刚刚被修改。如非本人操作，请立即通过“忘记密码”重置。" }),
  },
  phone_changed: {
    en: () => ({ subject: "Your phone number was changed", body: "Lantern: the phone number on your account was changed. If this was not you, contact us at once." }),
    "zh-CN": () => ({ subject: "您的手机号已更换", body: "【灯笼优选】您账户绑定的手机号已更换。如非本人操作，请立即联系我们。" }),
  },
  policy_notice: {
    en: (p) => ({
      subject: "Our privacy policy has changed",
      body: `Lantern's privacy policy has a new version (${p.version}). ${p.summary ?? ""} Read what changed under “Privacy policy” on the shop.`,
    }),
    "zh-CN": (p) => ({
      subject: "我们的隐私政策已更新",
      body: `灯笼优选隐私政策已发布新版本（第 ${p.version} 版）。${p.summary ?? ""}请在网站的“隐私政策”中查看具体变化。`,
    }),
  },
  // Cart reminders (worker/features/cart/reminders.ts): the product or coupon and a shop path, nothing about the member.
  cart_price_drop: {
    en: (p) => ({
      subject: "A product in your cart costs less now",
      body: `Lantern: “${p.title}” in your cart now costs ${p.price} (it was ${p.was}). See your cart at /cart. You can turn these reminders off on your account page.`,
    }),
    "zh-CN": (p) => ({
      subject: "您购物车里的商品降价了",
      body: `【灯笼优选】您购物车里的“${p.title}”现价 ${p.price}（原价 ${p.was}）。前往 /cart 查看购物车。如不想再收到此类提醒，可在“我的账户”中关闭。`,
    }),
  },
  cart_coupon: {
    en: (p) => ({
      subject: "A coupon now applies to your cart",
      body: `Lantern: coupon ${p.code} now takes ${p.amount} off what is in your cart, until ${p.ends}. Enter it at checkout: /cart. You can turn these reminders off on your account page.`,
    }),
    "zh-CN": (p) => ({
      subject: "有优惠券可用于您的购物车",
      body: `【灯笼优选】优惠券 ${p.code} 现可为您购物车中的商品减 ${p.amount}，有效期至 ${p.ends}。结算时输入即可使用：/cart。如不想再收到此类提醒，可在“我的账户”中关闭。`,
    }),
  },
  // An issued invoice (worker/features/payment/invoices.ts): its number, the order number and the path to
  // download it (signed-in owner only), never the document, the buyer's details or a storage key.
  invoice_issued: {
    en: (p) => ({
      subject: `Your Lantern invoice ${p.invoice}`,
      body: `Lantern: invoice ${p.invoice} for order ${p.order} has been issued. Download it from your order at ${p.path} (sign in first).`,
    }),
    "zh-CN": (p) => ({
      subject: `您的灯笼优选发票 ${p.invoice}`,
      body: `【灯笼优选】订单 ${p.order} 的发票 ${p.invoice} 已开具。请登录后在订单页下载：${p.path}。`,
    }),
  },
  // A data export is ready (worker/features/data-export): only the path of the export page, where the signed-in
  // member downloads it; never the archive, a download link or anything from it.
  export_ready: {
    en: (p) => ({
      subject: "Your copy of your Lantern data is ready",
      body: `Lantern: the copy of your data you asked for is ready. Sign in and download it from ${p.path} within 7 days. If you did not ask for it, change your password.`,
    }),
    "zh-CN": (p) => ({
      subject: "您的灯笼优选数据副本已准备好",
      body: `【灯笼优选】您申请的个人数据副本已准备好。请在 7 天内登录后前往 ${p.path} 下载。如非本人申请，请修改密码。`,
    }),
  },
  // Guardian consent (worker/features/guardians). The request goes to a guardian who is not a member, so it
  // carries its link: a random token that opens only that request, stored as a hash, valid a week. The
  // code comes first, so nothing in the link is read as it. The member is told the decision only.
  guardian_request: {
    en: (p) => ({
      subject: "A child asks for your consent",
      body: `Lantern: ${p.code} is your code. “${p.nickname}” asked for your consent, as their parent or guardian, to use the Lantern shop. Read our privacy policy and answer at ${p.link} (the code works for 10 minutes, the link for 7 days). If you do not know them, ignore this message.`,
    }),
    "zh-CN": (p) => ({
      subject: "有孩子请求您的同意",
      body: `【灯笼优选】验证码 ${p.code}。“${p.nickname}”请求您作为其父母或监护人，同意其使用灯笼优选。请打开 ${p.link} 阅读隐私政策并答复（验证码 10 分钟内有效，链接 7 天内有效）。如您不认识对方，请忽略本短信。`,
    }),
  },
  guardian_decision: {
    en: (p) =>
      p.decision === "approved"
        ? { subject: "Your guardian agreed", body: "Lantern: your parent or guardian agreed. You can now use your cart, order and chat in live shows." }
        : { subject: "Your guardian declined", body: "Lantern: your parent or guardian declined. Your account stays limited to browsing and searching; you can ask again on your account page (/account/guardian)." },
    "zh-CN": (p) =>
      p.decision === "approved"
        ? { subject: "监护人已同意", body: "【灯笼优选】您的父母或监护人已同意。您现在可以使用购物车、下单并在直播中聊天。" }
        : { subject: "监护人未同意", body: "【灯笼优选】您的父母或监护人没有同意。您的账户仍只能浏览和搜索；您可以在账户页面（/account/guardian）再次请求。" },
  },
  // Closing the account (worker/features/account-closing): the erasure date and how to keep the account, nothing else.
  account_closing: {
    en: (p) => ({
      subject: "Your Lantern account will be closed",
      body: `Lantern: you asked to close your account. It and your personal data will be erased on ${p.date}. To keep your account, sign in and press “Keep my account” on your account page (/account). If this was not you, do that and change your password.`,
    }),
    "zh-CN": (p) => ({
      subject: "您的灯笼优选账户即将注销",
      body: `【灯笼优选】您已申请注销账户，账户及个人信息将于 ${p.date} 删除。如想保留账户，请登录后在“我的账户”页面（/account）点击“保留我的账户”。如非本人操作，请按上述方式保留账户并修改密码。`,
    }),
  },
};

export function renderMessage(template: Template, locale: ContentLocale, params: Params): Rendered {
  return texts[template][locale](params);
}

export const isTemplate = (value: string): value is Template => (templates as readonly string[]).includes(value);
