/**
 * The demo shop's catalogue, generated deterministically: the same input always yields the same
 * categories, products, prices and stock, so seeding is repeatable and tests can rely on it.
 */
import type { ProductAttribute } from "../schema/catalog.ts";
import type { ShapeKind } from "./product-image.ts";

type Bilingual = { en: string; zh: string };

export type SeedCategory = {
  slug: string;
  hue: number;
  name: Bilingual;
  description: Bilingual;
};

export type SeedProduct = {
  slug: string;
  categorySlug: string;
  title: Bilingual;
  description: Bilingual;
  attributes: { en: ProductAttribute[]; zh: ProductAttribute[] };
  priceMinor: number;
  listPriceMinor: number;
  currency: "CNY";
  stock: number;
  crossBorder: boolean;
  featured: boolean;
  createdAt: number;
  art: { shape: ShapeKind; hue: number; backgroundHue: number };
  imageCount: number;
};

/** A small, fast, seedable PRNG (mulberry32): the catalogue must not depend on Math.random. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Item = { en: string; zh: string; shape: ShapeKind; basePrice: number; material: Bilingual };
type Finish = { en: string; zh: string; hue: number };

type CategoryPlan = SeedCategory & {
  items: Item[];
  finishes: Finish[];
  origin: Bilingual;
  blurb: { en: (item: string, finish: string) => string; zh: (item: string, finish: string) => string };
};

const finishes: Record<string, Finish[]> = {
  warm: [
    { en: "Terracotta", zh: "陶土红", hue: 14 },
    { en: "Honey", zh: "蜂蜜黄", hue: 40 },
    { en: "Sage", zh: "鼠尾草绿", hue: 110 },
    { en: "Ink", zh: "墨蓝", hue: 222 },
  ],
  cool: [
    { en: "Graphite", zh: "石墨灰", hue: 210 },
    { en: "Glacier", zh: "冰川蓝", hue: 195 },
    { en: "Plum", zh: "梅子紫", hue: 300 },
    { en: "Moss", zh: "苔藓绿", hue: 95 },
  ],
  soft: [
    { en: "Rose", zh: "玫瑰粉", hue: 345 },
    { en: "Oat", zh: "燕麦色", hue: 35 },
    { en: "Mint", zh: "薄荷绿", hue: 150 },
    { en: "Lilac", zh: "丁香紫", hue: 270 },
  ],
};

const plans: CategoryPlan[] = [
  {
    slug: "home-kitchen",
    hue: 24,
    name: { en: "Home & Kitchen", zh: "家居厨房" },
    description: { en: "Everyday pieces made to last, from the kiln and the workbench.", zh: "经久耐用的日常器物，来自窑口与工作台。" },
    origin: { en: "Jingdezhen, China", zh: "中国景德镇" },
    finishes: finishes.warm!,
    items: [
      { en: "Ceramic Mug", zh: "陶瓷马克杯", shape: "mug", basePrice: 6800, material: { en: "Stoneware", zh: "炻器" } },
      { en: "Glass Teapot", zh: "玻璃茶壶", shape: "bottle", basePrice: 12800, material: { en: "Borosilicate glass", zh: "高硼硅玻璃" } },
      { en: "Serving Bowl", zh: "餐碗", shape: "bowl", basePrice: 8900, material: { en: "Porcelain", zh: "瓷" } },
      { en: "Linen Tea Towel", zh: "亚麻茶巾", shape: "square", basePrice: 3900, material: { en: "Linen", zh: "亚麻" } },
      { en: "Cast Iron Pan", zh: "铸铁煎锅", shape: "circle", basePrice: 29900, material: { en: "Cast iron", zh: "铸铁" } },
      { en: "Bamboo Board", zh: "竹制砧板", shape: "square", basePrice: 9900, material: { en: "Bamboo", zh: "竹" } },
      { en: "Bud Vase", zh: "小花瓶", shape: "bottle", basePrice: 5900, material: { en: "Stoneware", zh: "炻器" } },
      { en: "Wool Throw", zh: "羊毛盖毯", shape: "square", basePrice: 39900, material: { en: "Merino wool", zh: "美利奴羊毛" } },
      { en: "Table Lamp", zh: "台灯", shape: "lamp", basePrice: 45900, material: { en: "Ash wood and linen", zh: "白蜡木与亚麻" } },
      { en: "Rice Bowl Set", zh: "饭碗套装", shape: "bowl", basePrice: 15800, material: { en: "Porcelain", zh: "瓷" } },
      { en: "Candle", zh: "香薰蜡烛", shape: "mug", basePrice: 7900, material: { en: "Soy wax", zh: "大豆蜡" } },
      { en: "Storage Jar", zh: "储物罐", shape: "bottle", basePrice: 6900, material: { en: "Glazed clay", zh: "釉陶" } },
    ],
    blurb: {
      en: (item, finish) =>
        `A ${finish.toLowerCase()} ${item.toLowerCase()} thrown, fired and finished by hand in small batches. Each piece varies a little, which is the point.`,
      zh: (item, finish) => `${finish}${item}，小批量手工拉坯、烧制与打磨。每一件都略有不同，这正是手作的意义。`,
    },
  },
  {
    slug: "fashion",
    hue: 330,
    name: { en: "Fashion", zh: "服饰鞋包" },
    description: { en: "Clothes and accessories from independent studios.", zh: "来自独立工作室的服装与配饰。" },
    origin: { en: "Hangzhou, China", zh: "中国杭州" },
    finishes: finishes.soft!,
    items: [
      { en: "Silk Scarf", zh: "真丝围巾", shape: "square", basePrice: 25900, material: { en: "Mulberry silk", zh: "桑蚕丝" } },
      { en: "Canvas Tote", zh: "帆布托特包", shape: "bag", basePrice: 12900, material: { en: "Organic cotton canvas", zh: "有机棉帆布" } },
      { en: "Knit Beanie", zh: "针织毛线帽", shape: "bowl", basePrice: 8900, material: { en: "Alpaca blend", zh: "羊驼毛混纺" } },
      { en: "Leather Wallet", zh: "皮革钱包", shape: "square", basePrice: 32900, material: { en: "Vegetable-tanned leather", zh: "植鞣皮革" } },
      { en: "Linen Shirt", zh: "亚麻衬衫", shape: "shirt", basePrice: 36900, material: { en: "Linen", zh: "亚麻" } },
      { en: "Cashmere Socks", zh: "羊绒袜", shape: "capsule", basePrice: 9900, material: { en: "Cashmere blend", zh: "羊绒混纺" } },
      { en: "Crossbody Bag", zh: "斜挎包", shape: "bag", basePrice: 45900, material: { en: "Leather", zh: "皮革" } },
      { en: "Cotton Tee", zh: "纯棉T恤", shape: "shirt", basePrice: 15900, material: { en: "Organic cotton", zh: "有机棉" } },
      { en: "Sun Hat", zh: "遮阳帽", shape: "bowl", basePrice: 19900, material: { en: "Paper straw", zh: "纸草" } },
      { en: "Hair Clip", zh: "发夹", shape: "capsule", basePrice: 4900, material: { en: "Acetate", zh: "醋酸纤维" } },
      { en: "Wool Coat", zh: "羊毛大衣", shape: "shirt", basePrice: 129900, material: { en: "Virgin wool", zh: "初剪羊毛" } },
      { en: "Belt", zh: "腰带", shape: "capsule", basePrice: 21900, material: { en: "Leather", zh: "皮革" } },
    ],
    blurb: {
      en: (item, finish) =>
        `Our ${item.toLowerCase()} in ${finish.toLowerCase()}, cut in a small studio and made to be worn for years, not a season.`,
      zh: (item, finish) => `${finish}${item}，在小型工作室裁制而成，经得起多年穿用，而不只是一季。`,
    },
  },
  {
    slug: "beauty",
    hue: 290,
    name: { en: "Beauty & Care", zh: "美妆个护" },
    description: { en: "Gentle skincare and bath rituals with short ingredient lists.", zh: "成分简单、温和的护肤与沐浴好物。" },
    origin: { en: "Yunnan, China", zh: "中国云南" },
    finishes: finishes.soft!,
    items: [
      { en: "Face Oil", zh: "面部精华油", shape: "bottle", basePrice: 18900, material: { en: "Camellia seed oil", zh: "山茶籽油" } },
      { en: "Clay Mask", zh: "泥膜", shape: "mug", basePrice: 12900, material: { en: "Kaolin clay", zh: "高岭土" } },
      { en: "Hand Cream", zh: "护手霜", shape: "capsule", basePrice: 6900, material: { en: "Shea butter", zh: "乳木果油" } },
      { en: "Bath Salts", zh: "浴盐", shape: "bowl", basePrice: 8900, material: { en: "Sea salt", zh: "海盐" } },
      { en: "Lip Balm", zh: "润唇膏", shape: "capsule", basePrice: 3900, material: { en: "Beeswax", zh: "蜂蜡" } },
      { en: "Hair Comb", zh: "木梳", shape: "square", basePrice: 5900, material: { en: "Sandalwood", zh: "檀木" } },
      { en: "Body Wash", zh: "沐浴露", shape: "bottle", basePrice: 9900, material: { en: "Plant surfactants", zh: "植物表活" } },
      { en: "Soap Bar", zh: "手工皂", shape: "square", basePrice: 3500, material: { en: "Olive oil", zh: "橄榄油" } },
      { en: "Toner Mist", zh: "爽肤喷雾", shape: "bottle", basePrice: 11900, material: { en: "Rose water", zh: "玫瑰纯露" } },
      { en: "Night Cream", zh: "晚霜", shape: "mug", basePrice: 21900, material: { en: "Squalane", zh: "角鲨烷" } },
      { en: "Gua Sha Stone", zh: "刮痧板", shape: "circle", basePrice: 13900, material: { en: "Jade", zh: "玉石" } },
      { en: "Sleep Balm", zh: "助眠膏", shape: "bowl", basePrice: 9900, material: { en: "Lavender oil", zh: "薰衣草精油" } },
    ],
    blurb: {
      en: (item, finish) =>
        `A ${item.toLowerCase()} in a ${finish.toLowerCase()} vessel, with fewer than ten ingredients and every one of them listed on the box.`,
      zh: (item, finish) => `${finish}包装的${item}，成分不到十种，每一种都清楚地印在包装盒上。`,
    },
  },
  {
    slug: "electronics",
    hue: 210,
    name: { en: "Electronics", zh: "数码电子" },
    description: { en: "Well-made gadgets that do one thing properly.", zh: "做工扎实、专注做好一件事的数码小物。" },
    origin: { en: "Shenzhen, China", zh: "中国深圳" },
    finishes: finishes.cool!,
    items: [
      { en: "Wireless Earbuds", zh: "无线耳机", shape: "capsule", basePrice: 49900, material: { en: "Recycled aluminium", zh: "再生铝" } },
      { en: "Desk Speaker", zh: "桌面音箱", shape: "square", basePrice: 79900, material: { en: "Walnut and fabric", zh: "胡桃木与织物" } },
      { en: "Power Bank", zh: "移动电源", shape: "capsule", basePrice: 19900, material: { en: "Aluminium", zh: "铝合金" } },
      { en: "Mechanical Keyboard", zh: "机械键盘", shape: "square", basePrice: 89900, material: { en: "PBT and aluminium", zh: "PBT 与铝合金" } },
      { en: "Smart Lamp", zh: "智能台灯", shape: "lamp", basePrice: 39900, material: { en: "Aluminium", zh: "铝合金" } },
      { en: "USB-C Hub", zh: "扩展坞", shape: "capsule", basePrice: 29900, material: { en: "Aluminium", zh: "铝合金" } },
      { en: "E-Reader", zh: "电子阅读器", shape: "square", basePrice: 99900, material: { en: "Recycled plastic", zh: "再生塑料" } },
      { en: "Headphones", zh: "头戴式耳机", shape: "ring", basePrice: 129900, material: { en: "Aluminium and leather", zh: "铝合金与皮革" } },
      { en: "Action Camera", zh: "运动相机", shape: "square", basePrice: 159900, material: { en: "Polycarbonate", zh: "聚碳酸酯" } },
      { en: "Smart Watch", zh: "智能手表", shape: "circle", basePrice: 139900, material: { en: "Titanium", zh: "钛" } },
      { en: "Charging Stand", zh: "充电支架", shape: "lamp", basePrice: 24900, material: { en: "Aluminium", zh: "铝合金" } },
      { en: "Bluetooth Tracker", zh: "蓝牙防丢器", shape: "circle", basePrice: 14900, material: { en: "Polycarbonate", zh: "聚碳酸酯" } },
    ],
    blurb: {
      en: (item, finish) =>
        `A ${finish.toLowerCase()} ${item.toLowerCase()} with a two-year warranty, a replaceable battery where it has one, and no app account required.`,
      zh: (item, finish) => `${finish}${item}，两年质保；带电池的型号可更换电池，无需注册任何应用账户。`,
    },
  },
  {
    slug: "food-tea",
    hue: 100,
    name: { en: "Food & Tea", zh: "食品茶饮" },
    description: { en: "Small-harvest teas and pantry treats.", zh: "小产区好茶与厨房美味。" },
    origin: { en: "Fujian, China", zh: "中国福建" },
    finishes: finishes.warm!,
    items: [
      { en: "Oolong Tea", zh: "乌龙茶", shape: "bottle", basePrice: 16800, material: { en: "Loose leaf, 100 g", zh: "散茶 100 克" } },
      { en: "Green Tea", zh: "绿茶", shape: "bottle", basePrice: 12800, material: { en: "Loose leaf, 100 g", zh: "散茶 100 克" } },
      { en: "White Tea Cake", zh: "白茶饼", shape: "circle", basePrice: 26800, material: { en: "Pressed leaf, 357 g", zh: "紧压茶 357 克" } },
      { en: "Wildflower Honey", zh: "野花蜂蜜", shape: "mug", basePrice: 8800, material: { en: "Raw honey, 500 g", zh: "原蜜 500 克" } },
      { en: "Chili Crisp", zh: "香辣脆", shape: "mug", basePrice: 4800, material: { en: "Jar, 220 g", zh: "罐装 220 克" } },
      { en: "Dried Mango", zh: "芒果干", shape: "bag", basePrice: 3800, material: { en: "Pouch, 200 g", zh: "袋装 200 克" } },
      { en: "Black Sesame Paste", zh: "黑芝麻糊", shape: "bowl", basePrice: 5800, material: { en: "Jar, 300 g", zh: "罐装 300 克" } },
      { en: "Jasmine Pearls", zh: "茉莉龙珠", shape: "circle", basePrice: 19800, material: { en: "Loose leaf, 100 g", zh: "散茶 100 克" } },
      { en: "Walnut Cookies", zh: "核桃酥", shape: "circle", basePrice: 4200, material: { en: "Box of 12", zh: "12 块装" } },
      { en: "Osmanthus Jam", zh: "桂花酱", shape: "mug", basePrice: 5600, material: { en: "Jar, 250 g", zh: "罐装 250 克" } },
      { en: "Pu-erh Tea", zh: "普洱茶", shape: "circle", basePrice: 38800, material: { en: "Pressed leaf, 357 g", zh: "紧压茶 357 克" } },
      { en: "Goji Berries", zh: "枸杞", shape: "bag", basePrice: 6800, material: { en: "Pouch, 250 g", zh: "袋装 250 克" } },
    ],
    blurb: {
      en: (item, finish) =>
        `${item} from a single small farm, packed in a ${finish.toLowerCase()} tin the week it was made. Best enjoyed slowly.`,
      zh: (item, finish) => `来自单一小农场的${item}，制成当周即装入${finish}罐中。宜慢慢品味。`,
    },
  },
  {
    slug: "outdoors",
    hue: 160,
    name: { en: "Outdoors", zh: "户外运动" },
    description: { en: "Kit for long walks, short trips and everything between.", zh: "长途徒步、短途旅行，以及两者之间的一切装备。" },
    origin: { en: "Xiamen, China", zh: "中国厦门" },
    finishes: finishes.cool!,
    items: [
      { en: "Water Bottle", zh: "保温水壶", shape: "bottle", basePrice: 15900, material: { en: "Stainless steel", zh: "不锈钢" } },
      { en: "Day Pack", zh: "双肩包", shape: "bag", basePrice: 49900, material: { en: "Recycled nylon", zh: "再生尼龙" } },
      { en: "Camp Mug", zh: "露营杯", shape: "mug", basePrice: 8900, material: { en: "Titanium", zh: "钛" } },
      { en: "Trail Lantern", zh: "露营灯", shape: "lamp", basePrice: 22900, material: { en: "Aluminium", zh: "铝合金" } },
      { en: "Picnic Blanket", zh: "野餐垫", shape: "square", basePrice: 26900, material: { en: "Recycled polyester", zh: "再生涤纶" } },
      { en: "Yoga Mat", zh: "瑜伽垫", shape: "capsule", basePrice: 29900, material: { en: "Natural rubber", zh: "天然橡胶" } },
      { en: "Rain Jacket", zh: "防雨夹克", shape: "shirt", basePrice: 89900, material: { en: "Three-layer membrane", zh: "三层防水膜" } },
      { en: "Compass", zh: "指南针", shape: "circle", basePrice: 12900, material: { en: "Brass", zh: "黄铜" } },
      { en: "Camp Stove", zh: "露营炉", shape: "bowl", basePrice: 35900, material: { en: "Stainless steel", zh: "不锈钢" } },
      { en: "Sleeping Bag", zh: "睡袋", shape: "capsule", basePrice: 99900, material: { en: "Down, 650 fill", zh: "650 蓬松度羽绒" } },
      { en: "Trekking Poles", zh: "登山杖", shape: "capsule", basePrice: 39900, material: { en: "Carbon fibre", zh: "碳纤维" } },
      { en: "Hammock", zh: "吊床", shape: "bowl", basePrice: 25900, material: { en: "Ripstop nylon", zh: "防撕裂尼龙" } },
    ],
    blurb: {
      en: (item, finish) =>
        `A ${finish.toLowerCase()} ${item.toLowerCase()} tested on long walks in wet weather, repairable, and guaranteed for as long as you own it.`,
      zh: (item, finish) => `${finish}${item}，在多雨的长途徒步中经过实测，可维修，终身保修。`,
    },
  },
];

const slugify = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** Fixed epoch for the demo data, so "newest" ordering and dates never change between runs. */
export const seedEpoch = Date.UTC(2026, 9, 1);
const day = 86_400_000;

export const seedCategories: SeedCategory[] = plans.map(({ slug, hue, name, description }) => ({
  slug,
  hue,
  name,
  description,
}));

export const seedProducts: SeedProduct[] = plans.flatMap((plan, categoryIndex) => {
  const random = prng(1000 + categoryIndex);
  return plan.items.map((item, itemIndex): SeedProduct => {
    const finish = plan.finishes[itemIndex % plan.finishes.length]!;
    const priceMinor = Math.round((item.basePrice * (0.9 + random() * 0.2)) / 100) * 100;
    const discounted = random() < 0.4;
    const listPriceMinor = discounted ? Math.round((priceMinor * (1.15 + random() * 0.35)) / 100) * 100 : priceMinor;
    const stockRoll = random();
    const stock = stockRoll < 0.1 ? 0 : stockRoll < 0.25 ? 1 + Math.floor(random() * 4) : 8 + Math.floor(random() * 120);
    const crossBorder = categoryIndex % 2 === 1 && itemIndex % 3 === 0;
    const title = { en: `${finish.en} ${item.en}`, zh: `${finish.zh}${item.zh}` };
    const size = 10 + Math.floor(random() * 30);
    return {
      slug: slugify(title.en),
      categorySlug: plan.slug,
      title,
      description: { en: plan.blurb.en(item.en, finish.en), zh: plan.blurb.zh(item.zh, finish.zh) },
      attributes: {
        en: [
          { name: "Colour", value: finish.en },
          { name: "Material", value: item.material.en },
          { name: "Size", value: `${size} cm` },
          { name: "Made in", value: crossBorder ? "Kyoto, Japan" : plan.origin.en },
        ],
        zh: [
          { name: "颜色", value: finish.zh },
          { name: "材质", value: item.material.zh },
          { name: "尺寸", value: `${size} 厘米` },
          { name: "产地", value: crossBorder ? "日本京都" : plan.origin.zh },
        ],
      },
      priceMinor,
      listPriceMinor,
      currency: "CNY",
      stock,
      crossBorder,
      featured: itemIndex < 2,
      createdAt: seedEpoch - (categoryIndex * 12 + itemIndex) * day,
      art: { shape: item.shape, hue: finish.hue, backgroundHue: plan.hue },
      imageCount: 3,
    };
  });
});

export type SeedShow = {
  slug: string;
  status: "scheduled" | "live" | "ended";
  hostName: string;
  title: Bilingual;
  description: Bilingual;
  startsAt: number;
  endedAt: number | null;
  productSlugs: string[];
  hue: number;
};

const productsOf = (categorySlug: string, count: number) =>
  seedProducts.filter((p) => p.categorySlug === categorySlug && p.stock > 0).slice(0, count).map((p) => p.slug);

export const seedShows: SeedShow[] = [
  {
    slug: "spring-tea-tasting",
    status: "live",
    hostName: "Master Lin",
    title: { en: "Spring tea tasting with Master Lin", zh: "林师傅的春茶品鉴会" },
    description: {
      en: "Master Lin brews this season's oolongs and white teas live from the Wuyi hills, and answers your questions on the way.",
      zh: "林师傅在武夷山现场冲泡当季乌龙与白茶，边泡边回答大家的问题。",
    },
    startsAt: seedEpoch,
    endedAt: null,
    productSlugs: productsOf("food-tea", 5),
    hue: 100,
  },
  {
    slug: "kiln-opening",
    status: "scheduled",
    hostName: "Studio Yao",
    title: { en: "Kiln opening: new glazes from Studio Yao", zh: "开窑直播：姚工作室的新釉色" },
    description: {
      en: "Watch the kiln open and see the new glazes first. Every piece shown is one of a kind.",
      zh: "一起看开窑，第一时间见到新釉色。直播中的每一件都是孤品。",
    },
    startsAt: Date.UTC(2027, 0, 15, 12),
    endedAt: null,
    productSlugs: productsOf("home-kitchen", 4),
    hue: 24,
  },
  {
    slug: "trail-kit-review",
    status: "ended",
    hostName: "Ridge & River",
    title: { en: "Trail kit, tried and tested", zh: "徒步装备实测" },
    description: {
      en: "Our outdoor team packed for a three-day walk and reported back on every piece.",
      zh: "户外团队为三天徒步打包，并逐件分享使用体验。",
    },
    startsAt: seedEpoch - 14 * day,
    endedAt: seedEpoch - 14 * day + 2 * 3_600_000,
    productSlugs: productsOf("outdoors", 4),
    hue: 160,
  },
];
