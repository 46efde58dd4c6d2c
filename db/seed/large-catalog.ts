/**
 * A catalogue of any size for the search benchmark (`npm run seed:large`): 50 categories in seven
 * departments, products whose English and Chinese titles, descriptions and attributes are put together
 * from word lists the way marketplace listings are (style, colour, material, item, gift wording), with
 * prices, stock (some sold out) and cross-border items. Deterministic: the same count always gives the
 * same catalogue. Pictures are not made here: the caller reuses the demo shop's, by shape.
 */
import { prng, seedEpoch, type SeedProduct } from "./catalog-data.ts";
import type { ShapeKind } from "./product-image.ts";

type Bilingual = { en: string; zh: string };
type Pair = readonly [en: string, zh: string];

export type LargeCategory = { slug: string; hue: number; name: Bilingual; description: Bilingual; shape: ShapeKind };

/** A generated product: a demo product's fields, without pictures of its own (`shape` picks a demo one). */
export type LargeProduct = Omit<SeedProduct, "currency" | "featured" | "art" | "imageCount"> & {
  /** Which of the demo shop's pictures suit it. */
  shape: ShapeKind;
};

type Department = {
  hue: number;
  /** What `kinds` are: a material, an ingredient, a region… (the attribute's name). */
  kindLabel: Pair;
  kinds: Pair[];
  /** Typical price in yuan: products fall between a third and three times this. */
  price: number;
  sentences: Pair[];
  categories: [slug: string, name: Pair, shape: ShapeKind, items: Pair[]][];
};

const departments: Department[] = [
  {
    hue: 24,
    kindLabel: ["Material", "材质"],
    kinds: [["Ceramic", "陶瓷"], ["Porcelain", "白瓷"], ["Stoneware", "粗陶"], ["Glass", "玻璃"], ["Bamboo", "竹"], ["Walnut", "胡桃木"], ["Oak", "橡木"], ["Linen", "亚麻"], ["Cotton", "纯棉"], ["Brass", "黄铜"], ["Cast Iron", "铸铁"], ["Rattan", "藤编"]],
    price: 120,
    sentences: [
      ["Safe in the dishwasher and the microwave.", "可放入洗碗机和微波炉。"],
      ["It brings a quiet warmth to a small flat.", "为小户型的家增添一份安静的温暖。"],
      ["Wipe clean with a damp cloth and avoid harsh detergents.", "用湿布擦拭即可，避免使用强力清洁剂。"],
    ],
    categories: [
      ["ceramic-tableware", ["Ceramic Tableware", "陶瓷餐具"], "mug", [["Mug", "马克杯"], ["Dinner Plate", "餐盘"], ["Rice Bowl", "饭碗"], ["Teacup", "茶杯"], ["Serving Platter", "大浅盘"], ["Espresso Cup", "浓缩咖啡杯"]]],
      ["cookware", ["Cookware", "锅具"], "circle", [["Wok", "炒锅"], ["Frying Pan", "煎锅"], ["Stockpot", "汤锅"], ["Steamer Basket", "蒸笼"], ["Saucepan", "奶锅"], ["Clay Pot", "砂锅"]]],
      ["kitchen-tools", ["Kitchen Tools", "厨房工具"], "square", [["Chef's Knife", "主厨刀"], ["Cutting Board", "砧板"], ["Spatula", "锅铲"], ["Whisk", "打蛋器"], ["Peeler", "削皮器"], ["Tongs", "食品夹"]]],
      ["tea-ware", ["Tea Ware", "茶具"], "bottle", [["Teapot", "茶壶"], ["Gaiwan", "盖碗"], ["Tea Tray", "茶盘"], ["Fair Cup", "公道杯"], ["Tea Caddy", "茶叶罐"], ["Tea Set", "茶具套装"]]],
      ["drinkware", ["Drinkware", "水杯酒具"], "bottle", [["Water Glass", "玻璃杯"], ["Wine Glass", "红酒杯"], ["Tumbler", "随行杯"], ["Thermos", "保温杯"], ["Sake Set", "清酒杯套装"], ["Carafe", "冷水壶"]]],
      ["home-fragrance", ["Home Fragrance", "家居香氛"], "mug", [["Scented Candle", "香薰蜡烛"], ["Reed Diffuser", "藤条香薰"], ["Incense Sticks", "线香"], ["Incense Holder", "香插"], ["Essential Oil", "精油"], ["Room Spray", "室内喷雾"]]],
      ["lighting", ["Lighting", "灯具照明"], "lamp", [["Table Lamp", "台灯"], ["Floor Lamp", "落地灯"], ["Pendant Light", "吊灯"], ["Night Light", "小夜灯"], ["String Lights", "灯串"], ["Reading Lamp", "阅读灯"]]],
      ["bedding", ["Bedding", "床上用品"], "square", [["Duvet Cover", "被套"], ["Pillowcase", "枕套"], ["Fitted Sheet", "床笠"], ["Pillow", "枕头"], ["Summer Quilt", "夏凉被"], ["Blanket", "毛毯"]]],
      ["bath-towels", ["Bath & Towels", "毛巾浴巾"], "square", [["Bath Towel", "浴巾"], ["Hand Towel", "毛巾"], ["Bathrobe", "浴袍"], ["Bath Mat", "地垫"], ["Shower Curtain", "浴帘"], ["Toothbrush Cup", "漱口杯"]]],
      ["storage", ["Storage", "收纳整理"], "square", [["Storage Box", "收纳盒"], ["Basket", "收纳篮"], ["Drawer Organiser", "抽屉分隔盒"], ["Shoe Rack", "鞋架"], ["Coat Hanger", "衣架"], ["Jewellery Box", "首饰盒"]]],
      ["furniture", ["Furniture", "家具"], "square", [["Stool", "凳子"], ["Side Table", "边几"], ["Bookshelf", "书架"], ["Armchair", "扶手椅"], ["Desk", "书桌"], ["Bench", "长凳"]]],
      ["home-decor", ["Home Decor", "家居装饰"], "bottle", [["Vase", "花瓶"], ["Wall Clock", "挂钟"], ["Photo Frame", "相框"], ["Mirror", "镜子"], ["Cushion", "抱枕"], ["Rug", "地毯"]]],
      ["plants-garden", ["Plants & Garden", "园艺绿植"], "bowl", [["Plant Pot", "花盆"], ["Watering Can", "浇水壶"], ["Pruning Shears", "修枝剪"], ["Seed Kit", "种子套装"], ["Bonsai Tree", "盆景"], ["Garden Gloves", "园艺手套"]]],
    ],
  },
  {
    hue: 330,
    kindLabel: ["Fabric", "面料"],
    kinds: [["Cotton", "纯棉"], ["Linen", "亚麻"], ["Silk", "真丝"], ["Wool", "羊毛"], ["Cashmere", "羊绒"], ["Leather", "真皮"], ["Denim", "牛仔"], ["Canvas", "帆布"], ["Nylon", "尼龙"], ["Down", "羽绒"], ["Suede", "麂皮"], ["Knit", "针织"]],
    price: 260,
    sentences: [
      ["True to size; if in doubt, take the larger one.", "尺码标准，如在两个尺码之间建议选大一码。"],
      ["Cold wash, dry flat in the shade.", "冷水洗涤，阴凉处平铺晾干。"],
      ["Cut in a small studio and made to be worn for years, not a season.", "在小型工作室裁制，经得起多年穿用，而不只是一季。"],
    ],
    categories: [
      ["womens-clothing", ["Women's Clothing", "女装"], "shirt", [["Dress", "连衣裙"], ["Blouse", "雪纺衫"], ["Cardigan", "开衫"], ["Skirt", "半身裙"], ["Trench Coat", "风衣"], ["Qipao", "旗袍"]]],
      ["mens-clothing", ["Men's Clothing", "男装"], "shirt", [["Shirt", "衬衫"], ["Chinos", "休闲裤"], ["Hoodie", "连帽卫衣"], ["Blazer", "西装外套"], ["Polo Shirt", "POLO衫"], ["Down Jacket", "羽绒服"]]],
      ["kids-clothing", ["Kids' Clothing", "童装"], "shirt", [["Romper", "连体衣"], ["Kids' Jacket", "儿童外套"], ["Pyjamas", "睡衣"], ["Kids' Dress", "女童连衣裙"], ["Bib", "围兜"], ["Kids' Socks", "儿童袜"]]],
      ["shoes", ["Shoes", "鞋靴"], "capsule", [["Sneakers", "运动鞋"], ["Loafers", "乐福鞋"], ["Ankle Boots", "短靴"], ["Sandals", "凉鞋"], ["Slippers", "拖鞋"], ["Cloth Shoes", "布鞋"]]],
      ["bags", ["Bags", "箱包"], "bag", [["Tote Bag", "托特包"], ["Backpack", "双肩包"], ["Crossbody Bag", "斜挎包"], ["Suitcase", "行李箱"], ["Wallet", "钱包"], ["Clutch", "手拿包"]]],
      ["jewellery", ["Jewellery", "珠宝首饰"], "ring", [["Necklace", "项链"], ["Earrings", "耳环"], ["Bracelet", "手链"], ["Ring", "戒指"], ["Jade Pendant", "玉坠"], ["Brooch", "胸针"]]],
      ["watches", ["Watches", "钟表"], "circle", [["Wristwatch", "腕表"], ["Pocket Watch", "怀表"], ["Watch Strap", "表带"], ["Alarm Clock", "闹钟"], ["Watch Box", "表盒"], ["Dive Watch", "潜水表"]]],
      ["accessories", ["Accessories", "服饰配件"], "capsule", [["Scarf", "围巾"], ["Hat", "帽子"], ["Gloves", "手套"], ["Belt", "腰带"], ["Sunglasses", "太阳镜"], ["Umbrella", "雨伞"]]],
    ],
  },
  {
    hue: 290,
    kindLabel: ["Key ingredient", "主要成分"],
    kinds: [["Rose", "玫瑰"], ["Camellia", "山茶花"], ["Lavender", "薰衣草"], ["Green Tea", "绿茶"], ["Rice", "大米"], ["Ginseng", "人参"], ["Aloe", "芦荟"], ["Sandalwood", "檀香"], ["Osmanthus", "桂花"], ["Peony", "牡丹"], ["Hyaluronic Acid", "玻尿酸"], ["Vitamin C", "维生素C"]],
    price: 150,
    sentences: [
      ["Fewer than ten ingredients, every one of them listed on the box.", "成分不到十种，每一种都印在包装盒上。"],
      ["Suitable for sensitive skin; patch test first.", "适合敏感肌，首次使用前请先局部试用。"],
      ["Not tested on animals.", "不做动物测试。"],
    ],
    categories: [
      ["skincare", ["Skincare", "护肤"], "bottle", [["Face Serum", "精华液"], ["Moisturiser", "面霜"], ["Cleanser", "洁面乳"], ["Sheet Mask", "面膜"], ["Sunscreen", "防晒霜"], ["Eye Cream", "眼霜"]]],
      ["makeup", ["Make-up", "彩妆"], "capsule", [["Lipstick", "口红"], ["Foundation", "粉底液"], ["Eyeshadow Palette", "眼影盘"], ["Mascara", "睫毛膏"], ["Blush", "腮红"], ["Brush Set", "化妆刷套装"]]],
      ["hair-care", ["Hair Care", "美发护发"], "bottle", [["Shampoo", "洗发水"], ["Conditioner", "护发素"], ["Hair Oil", "护发精油"], ["Hair Dryer", "吹风机"], ["Wooden Comb", "木梳"], ["Hair Clip", "发夹"]]],
      ["bath-body", ["Bath & Body", "沐浴身体"], "bottle", [["Body Wash", "沐浴露"], ["Body Lotion", "身体乳"], ["Bath Salts", "浴盐"], ["Soap Bar", "手工皂"], ["Hand Cream", "护手霜"], ["Body Scrub", "身体磨砂膏"]]],
      ["perfume", ["Perfume", "香水"], "bottle", [["Eau de Parfum", "香水"], ["Solid Perfume", "固体香膏"], ["Perfume Oil", "香水油"], ["Travel Spray", "旅行装香水"], ["Discovery Set", "香水小样套装"], ["Car Diffuser", "车载香薰"]]],
    ],
  },
  {
    hue: 210,
    kindLabel: ["Material", "材质"],
    kinds: [["Aluminium", "铝合金"], ["Titanium", "钛合金"], ["Recycled Plastic", "再生塑料"], ["Silicone", "硅胶"], ["Carbon Fibre", "碳纤维"], ["Leather", "皮革"], ["Walnut", "胡桃木"], ["Tempered Glass", "钢化玻璃"], ["Magnetic", "磁吸"], ["Wireless", "无线"], ["Bluetooth", "蓝牙"], ["USB-C", "USB-C"]],
    price: 400,
    sentences: [
      ["Two-year warranty; the battery can be replaced where it has one.", "两年质保；带电池的型号可更换电池。"],
      ["Works out of the box, no app account required.", "开箱即用，无需注册任何应用账户。"],
      ["Charges over USB-C in about {hours} hours.", "USB-C充电，约{hours}小时充满。"],
    ],
    categories: [
      ["phone-accessories", ["Phone Accessories", "手机配件"], "capsule", [["Phone Case", "手机壳"], ["Screen Protector", "钢化膜"], ["Charging Cable", "数据线"], ["Wireless Charger", "无线充电器"], ["Phone Stand", "手机支架"], ["Power Bank", "充电宝"]]],
      ["audio", ["Audio", "影音"], "ring", [["Earbuds", "耳机"], ["Headphones", "头戴式耳机"], ["Speaker", "音箱"], ["Turntable", "黑胶唱机"], ["Microphone", "麦克风"], ["Radio", "收音机"]]],
      ["computers", ["Computers", "电脑办公"], "square", [["Mechanical Keyboard", "机械键盘"], ["Mouse", "鼠标"], ["Monitor Stand", "显示器支架"], ["Laptop Sleeve", "电脑内胆包"], ["Hub", "扩展坞"], ["Webcam", "摄像头"]]],
      ["cameras", ["Cameras", "摄影摄像"], "square", [["Action Camera", "运动相机"], ["Instant Camera", "拍立得"], ["Camera Strap", "相机背带"], ["Tripod", "三脚架"], ["Lens Filter", "滤镜"], ["Camera Bag", "相机包"]]],
      ["smart-home", ["Smart Home", "智能家居"], "circle", [["Smart Plug", "智能插座"], ["Smart Bulb", "智能灯泡"], ["Robot Vacuum", "扫地机器人"], ["Air Purifier", "空气净化器"], ["Humidifier", "加湿器"], ["Door Sensor", "门窗传感器"]]],
      ["small-appliances", ["Small Appliances", "生活电器"], "bottle", [["Electric Kettle", "电热水壶"], ["Rice Cooker", "电饭煲"], ["Blender", "破壁机"], ["Coffee Machine", "咖啡机"], ["Air Fryer", "空气炸锅"], ["Toaster", "烤面包机"]]],
    ],
  },
  {
    hue: 100,
    kindLabel: ["Origin", "产区"],
    kinds: [["Fujian", "福建"], ["Yunnan", "云南"], ["Hangzhou", "杭州"], ["Sichuan", "四川"], ["Organic", "有机"], ["Wild", "野生"], ["Spicy", "香辣"], ["Sugar-free", "无糖"], ["Osmanthus", "桂花"], ["Honey", "蜂蜜"], ["Sea Salt", "海盐"], ["Matcha", "抹茶"]],
    price: 80,
    sentences: [
      ["Best before twelve months from packing; keep cool and dry.", "保质期十二个月，请置于阴凉干燥处。"],
      ["Packed the week it was made, from a single small farm.", "来自单一小农场，制成当周即包装。"],
      ["Best enjoyed slowly, with good company.", "宜慢慢品味，与好友分享。"],
    ],
    categories: [
      ["tea", ["Tea", "茗茶"], "bottle", [["Oolong Tea", "乌龙茶"], ["Green Tea", "绿茶"], ["Black Tea", "红茶"], ["White Tea", "白茶"], ["Pu-erh Tea", "普洱茶"], ["Jasmine Tea", "茉莉花茶"]]],
      ["coffee", ["Coffee", "咖啡"], "bag", [["Coffee Beans", "咖啡豆"], ["Drip Coffee Bags", "挂耳咖啡"], ["Cold Brew", "冷萃咖啡"], ["Instant Coffee", "速溶咖啡"], ["Espresso Blend", "意式拼配豆"], ["Coffee Capsules", "咖啡胶囊"]]],
      ["snacks", ["Snacks", "休闲零食"], "bag", [["Dried Mango", "芒果干"], ["Mixed Nuts", "每日坚果"], ["Walnut Cookies", "核桃酥"], ["Seaweed Snack", "海苔"], ["Beef Jerky", "牛肉干"], ["Rice Crackers", "米饼"]]],
      ["pantry", ["Pantry", "粮油调味"], "bottle", [["Chili Crisp", "辣椒油"], ["Soy Sauce", "酱油"], ["Black Vinegar", "香醋"], ["Sesame Oil", "芝麻油"], ["Jasmine Rice", "香米"], ["Noodles", "挂面"]]],
      ["sweets", ["Sweets & Pastries", "糕点甜品"], "circle", [["Mooncake", "月饼"], ["Pineapple Cake", "凤梨酥"], ["Chocolate", "巧克力"], ["Egg Roll", "蛋卷"], ["Nougat", "牛轧糖"], ["Osmanthus Cake", "桂花糕"]]],
      ["honey-preserves", ["Honey & Preserves", "蜂蜜果酱"], "mug", [["Wildflower Honey", "野花蜂蜜"], ["Jam", "果酱"], ["Fruit Spread", "果泥"], ["Goji Berries", "枸杞"], ["Red Dates", "红枣"], ["Dried Longan", "桂圆干"]]],
      ["wine-spirits", ["Wine & Spirits", "酒水"], "bottle", [["Red Wine", "红酒"], ["Rice Wine", "黄酒"], ["Plum Wine", "青梅酒"], ["Baijiu", "白酒"], ["Craft Beer", "精酿啤酒"], ["Sake", "清酒"]]],
    ],
  },
  {
    hue: 160,
    kindLabel: ["Material", "材质"],
    kinds: [["Nylon", "尼龙"], ["Titanium", "钛"], ["Aluminium", "铝合金"], ["Carbon Fibre", "碳纤维"], ["Merino", "美利奴羊毛"], ["Down", "羽绒"], ["Ripstop", "防撕裂"], ["Stainless Steel", "不锈钢"], ["Natural Rubber", "天然橡胶"], ["Recycled Polyester", "再生涤纶"], ["Cork", "软木"], ["Neoprene", "潜水料"]],
    price: 300,
    sentences: [
      ["Tested on long walks in wet weather, and repairable when it wears.", "在多雨的长途徒步中实测，磨损后可维修。"],
      ["Packs down small and weighs about {grams} g.", "收纳后体积小巧，重约{grams}克。"],
      ["Guaranteed for as long as you own it.", "终身保修。"],
    ],
    categories: [
      ["camping", ["Camping", "露营"], "lamp", [["Tent", "帐篷"], ["Sleeping Bag", "睡袋"], ["Camp Chair", "露营椅"], ["Camp Lantern", "露营灯"], ["Camp Stove", "露营炉"], ["Cooler Box", "保温箱"]]],
      ["hiking", ["Hiking", "徒步登山"], "bag", [["Trekking Poles", "登山杖"], ["Hiking Boots", "登山鞋"], ["Day Pack", "登山包"], ["Rain Jacket", "冲锋衣"], ["Headlamp", "头灯"], ["Water Filter", "净水器"]]],
      ["fitness", ["Fitness", "健身"], "capsule", [["Yoga Mat", "瑜伽垫"], ["Dumbbells", "哑铃"], ["Resistance Band", "弹力带"], ["Skipping Rope", "跳绳"], ["Foam Roller", "泡沫轴"], ["Kettlebell", "壶铃"]]],
      ["cycling", ["Cycling", "骑行"], "circle", [["Bike Helmet", "骑行头盔"], ["Bike Light", "车灯"], ["Cycling Jersey", "骑行服"], ["Bike Lock", "车锁"], ["Saddle Bag", "车座包"], ["Bike Bell", "车铃"]]],
      ["swimming", ["Swimming", "游泳"], "ring", [["Swimsuit", "泳衣"], ["Swim Goggles", "泳镜"], ["Swim Cap", "泳帽"], ["Beach Towel", "沙滩巾"], ["Kickboard", "浮板"], ["Dry Bag", "防水袋"]]],
    ],
  },
  {
    hue: 48,
    kindLabel: ["Material", "材质"],
    kinds: [["Wooden", "木制"], ["Cotton", "纯棉"], ["Silicone", "硅胶"], ["Felt", "羊毛毡"], ["Paper", "纸质"], ["Bamboo", "竹"], ["Recycled Plastic", "再生塑料"], ["Beech", "榉木"], ["Rice Paper", "宣纸"], ["Leather", "皮革"], ["Corduroy", "灯芯绒"], ["Fleece", "摇粒绒"]],
    price: 90,
    sentences: [
      ["Rounded edges and non-toxic paint, for ages three and up.", "圆角设计，无毒涂料，适合三岁以上。"],
      ["Comes with a printed guide in Chinese and English.", "附中英文图文说明书。"],
      ["A small thing that makes the day go better.", "让每一天都更顺手的小物。"],
    ],
    categories: [
      ["toys", ["Toys", "玩具"], "square", [["Building Blocks", "积木"], ["Jigsaw Puzzle", "拼图"], ["Plush Toy", "毛绒玩具"], ["Kite", "风筝"], ["Toy Car", "玩具车"], ["Doll House", "娃娃屋"]]],
      ["baby", ["Baby", "母婴"], "bottle", [["Baby Bottle", "奶瓶"], ["Teether", "牙胶"], ["Baby Carrier", "婴儿背带"], ["Swaddle", "襁褓巾"], ["Baby Blanket", "婴儿毯"], ["Stroller Fan", "推车风扇"]]],
      ["stationery", ["Stationery", "文具"], "square", [["Notebook", "笔记本"], ["Fountain Pen", "钢笔"], ["Washi Tape", "和纸胶带"], ["Calligraphy Brush", "毛笔"], ["Ink Stone", "砚台"], ["Planner", "手账本"]]],
      ["arts-crafts", ["Arts & Crafts", "手工艺"], "square", [["Watercolour Set", "水彩套装"], ["Embroidery Kit", "刺绣套装"], ["Pottery Clay", "陶泥"], ["Paper Cutting", "剪纸"], ["Knitting Yarn", "毛线"], ["Sketchbook", "速写本"]]],
      ["pets", ["Pet Supplies", "宠物用品"], "bowl", [["Cat Bed", "猫窝"], ["Dog Leash", "牵引绳"], ["Pet Bowl", "宠物碗"], ["Cat Tree", "猫爬架"], ["Dog Toy", "狗狗玩具"], ["Pet Carrier", "宠物背包"]]],
      ["car-travel", ["Car & Travel", "汽车出行"], "capsule", [["Car Phone Mount", "车载支架"], ["Neck Pillow", "颈枕"], ["Packing Cubes", "收纳袋"], ["Luggage Tag", "行李牌"], ["Travel Adapter", "转换插头"], ["Seat Cushion", "座垫"]]],
    ],
  },
];

const styles: Pair[] = [
  ["Handmade", "手工"], ["Vintage", "复古"], ["Minimalist", "极简"], ["Classic", "经典"], ["Japanese-style", "日式"],
  ["Nordic", "北欧"], ["Portable", "便携"], ["Premium", "高端"], ["Everyday", "日常"], ["Limited Edition", "限量版"],
  ["Eco-friendly", "环保"], ["Lightweight", "轻量"], ["Mini", "迷你"], ["Artisan", "匠心"], ["Heritage", "传统"],
  ["Modern", "现代"], ["Cosy", "温馨"], ["Waterproof", "防水"], ["Foldable", "可折叠"], ["Chinese-style", "新中式"],
];

const colours: Pair[] = [
  ["White", "白色"], ["Black", "黑色"], ["Grey", "灰色"], ["Navy", "藏青色"], ["Red", "红色"], ["Celadon", "青瓷色"],
  ["Terracotta", "陶土红"], ["Honey", "蜂蜜黄"], ["Sage", "鼠尾草绿"], ["Ink Blue", "墨蓝色"], ["Rose", "玫瑰粉"], ["Oat", "燕麦色"],
  ["Mint", "薄荷绿"], ["Lilac", "丁香紫"], ["Graphite", "石墨灰"], ["Glacier", "冰川蓝"], ["Plum", "梅子紫"], ["Moss", "苔藓绿"],
  ["Ivory", "象牙白"], ["Walnut Brown", "胡桃棕"], ["Amber", "琥珀色"], ["Coral", "珊瑚橙"], ["Olive", "橄榄绿"], ["Sand", "沙色"],
];

/** What sellers add to a title; Chinese listings run them together ("礼盒装送朋友生日礼物"). */
const extras: Pair[] = [
  ["Gift Box", "礼盒装"], ["Set of 2", "两件套"], ["Family Size", "家庭装"], ["Travel Size", "旅行装"], ["2026 Edition", "2026新款"],
  ["Gift for Friends", "送朋友"], ["Birthday Gift", "生日礼物"], ["Gift Box, Birthday Gift for Friends", "礼盒装送朋友生日礼物"],
  ["Bestseller", "爆款"], ["Student Price", "学生党"], ["For the Home", "家用"], ["Large", "大号"],
];

const origins: Pair[] = [
  ["Jingdezhen, China", "中国景德镇"], ["Hangzhou, China", "中国杭州"], ["Suzhou, China", "中国苏州"], ["Shenzhen, China", "中国深圳"],
  ["Guangzhou, China", "中国广州"], ["Yiwu, China", "中国义乌"], ["Xiamen, China", "中国厦门"], ["Chengdu, China", "中国成都"],
  ["Kunming, China", "中国昆明"], ["Fuzhou, China", "中国福州"], ["Qingdao, China", "中国青岛"], ["Xi'an, China", "中国西安"],
  ["Wuhan, China", "中国武汉"], ["Changsha, China", "中国长沙"], ["Harbin, China", "中国哈尔滨"], ["Dalian, China", "中国大连"],
];

const abroad: Pair[] = [
  ["Kyoto, Japan", "日本京都"], ["Seoul, Korea", "韩国首尔"], ["Milan, Italy", "意大利米兰"], ["Lyon, France", "法国里昂"],
  ["Melbourne, Australia", "澳大利亚墨尔本"], ["Copenhagen, Denmark", "丹麦哥本哈根"], ["Auckland, New Zealand", "新西兰奥克兰"],
];

/** Description sentences shared by every department; {slots} are filled per product. */
const sentences: Pair[] = [
  ["This {style} {item} comes in {colour}, made from {kind} by a small workshop in {origin}.", "这款{style}{item}为{colour}，由{origin}的小作坊以{kind}制作。"],
  ["Each piece is checked by hand before it leaves the workshop.", "每一件出厂前都经过人工检验。"],
  ["It makes a thoughtful gift for friends and family, and arrives in a gift box.", "礼盒包装，适合送朋友、送家人。"],
  ["A good choice for a birthday present.", "生日礼物的好选择。"],
  ["Light enough to take anywhere, sturdy enough for daily use.", "轻巧便携，经得起日常使用。"],
  ["About {size} cm across and {grams} g in weight.", "尺寸约{size}厘米，重约{grams}克。"],
  ["Backed by a {years}-year warranty and free repairs.", "享{years}年质保与免费维修。"],
  ["Our bestseller in {category} for three seasons running.", "连续三季{category}类热销单品。"],
  ["The {colour} finish is matched by hand, so tones vary a little from batch to batch.", "{colour}由人工调配，不同批次色调略有差异。"],
  ["Packed in recycled paper, with no plastic.", "采用再生纸包装，不含塑料。"],
  ["Ships within 48 hours from our warehouse in {origin}.", "{origin}仓库48小时内发货。"],
  ["Designed to last for years rather than a season.", "为长久使用而设计，而非只用一季。"],
  ["Pairs well with the rest of our {style} collection.", "可与{style}系列其他单品搭配。"],
  ["Limited stock: once this batch is gone, the next one takes about {weeks} weeks.", "库存有限，本批售完后约需{weeks}周补货。"],
  ["Customers often buy two, one to keep and one to give away.", "很多顾客一次买两件，一件自用，一件送人。"],
  ["Tested by our team for a month before we agreed to sell it.", "我们的团队试用一个月后才决定上架。"],
  ["The {kind} ages beautifully with use.", "{kind}越用越有味道。"],
  ["Made in small batches, so no two are quite alike.", "小批量制作，每一件都独一无二。"],
  ["Returns are free within seven days if it is not what you hoped for.", "七天无理由退货，运费由我们承担。"],
  ["Rated {rating} out of 5 by more than {reviews} buyers.", "超过{reviews}位买家评分{rating}分（满分5分）。"],
];

export const largeCategories: LargeCategory[] = departments.flatMap((department) =>
  department.categories.map(([slug, [en, zh], shape], c) => ({
    slug,
    hue: (department.hue + c * 7) % 360,
    name: { en, zh },
    description: { en: `${en} from independent makers and small brands.`, zh: `精选${zh}，来自独立品牌与手艺人。` },
    shape,
  })),
);

const slugify = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

const fill = (template: string, slots: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, name: string) => slots[name] ?? "");

/** The products, one at a time (100,000 of them need not all be in memory). */
export function* largeProducts(count: number): Generator<LargeProduct> {
  const random = prng(20261126);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const day = 86_400_000;
  const categories = departments.flatMap((department) => department.categories.map((category) => ({ department, category })));

  for (let index = 0; index < count; index++) {
    const { department, category } = categories[index % categories.length]!;
    const [categorySlug, categoryName, shape, items] = category;
    const item = pick(items);
    const style = pick(styles);
    const colour = pick(colours);
    const kind = pick(department.kinds);
    const extra = random() < 0.35 ? pick(extras) : null;
    const crossBorder = random() < 0.15;
    const origin = crossBorder ? pick(abroad) : pick(origins);

    // Marketplace titles: some words are left out, Chinese runs them together, colour goes last.
    const useStyle = random() < 0.6;
    const useColour = random() < 0.7;
    const useKind = random() < 0.6;
    const titleEn = [useStyle && style[0], useColour && colour[0], useKind && kind[0], item[0]].filter(Boolean).join(" ") + (extra ? `, ${extra[0]}` : "");
    const titleZh =
      `${useStyle ? style[1] : ""}${useKind ? kind[1] : ""}${item[1]}${extra ? extra[1] : ""}` + (useColour ? ` ${colour[1]}` : "");

    const size = between(5, 120);
    const slots = (language: 0 | 1): Record<string, string> => ({
      style: language === 0 ? style[0].toLowerCase() : style[1],
      item: language === 0 ? item[0].toLowerCase() : item[1],
      colour: language === 0 ? colour[0].toLowerCase() : colour[1],
      kind: language === 0 ? kind[0].toLowerCase() : kind[1],
      origin: origin[language],
      category: categoryName[language],
      size: String(size),
      grams: String(between(2, 90) * 10),
      years: String(between(1, 5)),
      weeks: String(between(2, 8)),
      hours: String(between(1, 4)),
      rating: (4 + random()).toFixed(1),
      reviews: String(between(1, 50) * 100),
    });
    // The first sentence says what it is; then three to six more, shared and departmental, in pairs.
    const chosen = [sentences[0]!];
    const pool = [...sentences.slice(1), ...department.sentences];
    for (let n = between(3, 6); n > 0; n--) chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
    const slotsEn = slots(0);
    const slotsZh = slots(1);
    const description = {
      en: chosen.map((pair) => fill(pair[0], slotsEn)).join(" "),
      zh: chosen.map((pair) => fill(pair[1], slotsZh)).join(""),
    };

    const typical = department.price * 100;
    const priceMinor = Math.max(500, Math.round((typical * Math.exp((random() - 0.5) * 2.2)) / 100) * 100 - 10);
    const discounted = random() < 0.3;
    const listPriceMinor = discounted ? Math.round((priceMinor * (1.1 + random() * 0.5)) / 100) * 100 : priceMinor;
    const stockRoll = random();
    const stock = stockRoll < 0.08 ? 0 : stockRoll < 0.2 ? between(1, 5) : between(8, 500);

    yield {
      slug: `${slugify(titleEn).slice(0, 64).replace(/-+$/, "")}-${index + 1}`,
      categorySlug,
      title: { en: titleEn, zh: titleZh },
      description,
      attributes: {
        en: [
          { name: "Colour", value: colour[0] },
          { name: department.kindLabel[0], value: kind[0] },
          { name: "Size", value: `${size} cm` },
          { name: "Made in", value: origin[0] },
        ],
        zh: [
          { name: "颜色", value: colour[1] },
          { name: department.kindLabel[1], value: kind[1] },
          { name: "尺寸", value: `${size} 厘米` },
          { name: "产地", value: origin[1] },
        ],
      },
      priceMinor,
      listPriceMinor,
      stock,
      crossBorder,
      createdAt: seedEpoch - Math.floor(random() * 730 * day),
      shape,
    };
  }
}
