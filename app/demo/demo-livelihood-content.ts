/**
 * What the demo's livelihood schemes say: realistic proposals for a 天河区 community, mostly in Chinese
 * as residents write them, some in English (Tianhe has many foreign residents). Amounts in yuan.
 * Authors and supporters are demo account keys (demo-accounts.ts).
 */
export type DemoProposal = {
  key: string;
  title: string;
  body: string;
  category: string;
  type: "service" | "goods" | "works";
  yuan: number;
  author: "resident" | "neighbour" | "neighbour2";
  address: string;
};

export const collectingProposals: DemoProposal[] = [
  {
    key: "handrails",
    title: "3栋楼道加装扶手",
    body: "3栋是老楼，没有电梯，住了不少七八十岁的老人。楼梯转角很陡，建议每层加装不锈钢扶手，方便老人上下楼。\n\n- 共 7 层\n- 两侧都装更好",
    category: "elderly",
    type: "works",
    yuan: 18_000,
    author: "neighbour",
    address: "车陂北街3栋",
  },
  {
    key: "canteen",
    title: "长者饭堂周末增加供餐",
    body: "长者饭堂现在只在工作日开放。周末子女不在身边的老人吃饭成了难题，建议周六日也提供午餐，并为行动不便的老人送餐上门。",
    category: "elderly",
    type: "service",
    yuan: 60_000,
    author: "resident",
    address: "车陂北社区长者饭堂",
  },
  {
    key: "storytelling",
    title: "Weekend English storytelling for kids at the community library",
    body: "Many families here would love a free weekly storytelling hour in English (and Cantonese!) for children aged 4–8. Volunteers from the neighbourhood can read; the budget covers books and a trained facilitator.",
    category: "children",
    type: "service",
    yuan: 12_000,
    author: "neighbour2",
    address: "Community library, 2/F service centre",
  },
  {
    key: "playground",
    title: "儿童游乐区更换防滑地垫",
    body: "游乐区的地垫已经开裂翘边，孩子经常绊倒。建议整体更换为防滑、减震的 EPDM 地垫，约 120 平方米。",
    category: "children",
    type: "goods",
    yuan: 25_000,
    author: "neighbour",
    address: "车陂北社区中心花园",
  },
  {
    key: "parking",
    title: "小区内停车位重新划线",
    body: "小区停车位的标线看不清了，乱停车很多，建议重新划线。",
    category: "facilities",
    type: "works",
    yuan: 8_000,
    author: "resident",
    address: "车陂北街5栋前",
  },
];

export const votingProposals: DemoProposal[] = [
  {
    key: "garden",
    title: "社区花园改造，增加休息座椅",
    body: "花园里只有两张长椅，傍晚散步的老人没地方坐。建议增加 8 张带靠背的座椅，并补种遮阴树。",
    category: "environment",
    type: "works",
    yuan: 45_000,
    author: "neighbour",
    address: "车陂北社区中心花园",
  },
  {
    key: "smartphone",
    title: "老年人智能手机课堂（12期）",
    body: "很多老人不会用手机挂号、缴费、看健康码。请社工每月开两次课，每期 20 人，手把手教。",
    category: "elderly",
    type: "service",
    yuan: 18_000,
    author: "resident",
    address: "社区党群服务中心",
  },
  {
    key: "lights",
    title: "楼道声控灯更换为LED感应灯",
    body: "旧的声控灯经常不亮，晚上回家要跺脚。建议 1–8 栋楼道全部换成人体感应 LED 灯，更省电。",
    category: "safety",
    type: "goods",
    yuan: 36_000,
    author: "neighbour",
    address: "车陂北街1–8栋",
  },
  {
    key: "library",
    title: "社区图书角扩建",
    body: "图书角只有两个书架，周末孩子们挤不下。建议扩建到隔壁活动室，增加书架、桌椅和 1,000 册新书。",
    category: "culture",
    type: "goods",
    yuan: 52_000,
    author: "resident",
    address: "社区服务中心二楼",
  },
  {
    key: "signage",
    title: "Bilingual signage for the community health station",
    body: "Add Chinese–English signs and a simple floor map at the community health station, so foreign residents and visitors can find vaccination, pharmacy and GP rooms.",
    category: "health",
    type: "goods",
    yuan: 9_000,
    author: "neighbour2",
    address: "Community health station, 车陂北街12号",
  },
];

export const deliveredProposals: DemoProposal[] = [
  {
    key: "ramp",
    title: "小区门口加装无障碍坡道",
    body: "正门只有台阶，轮椅和婴儿车进出很困难。建议在正门一侧加装无障碍坡道和扶手。",
    category: "facilities",
    type: "works",
    yuan: 28_000,
    author: "neighbour",
    address: "车陂北社区正门",
  },
  {
    key: "fitness",
    title: "健身路径器材更新",
    body: "健身器材用了十多年，有的已经松动生锈。建议更换 10 件适合老人的健身器材。",
    category: "health",
    type: "goods",
    yuan: 40_000,
    author: "resident",
    address: "车陂北社区健身广场",
  },
  {
    key: "shelter",
    title: "垃圾分类投放点加装雨棚",
    body: "下雨天投放垃圾很不方便，垃圾桶进水后有异味。建议 4 个投放点加装雨棚和洗手池。",
    category: "environment",
    type: "works",
    yuan: 32_000,
    author: "neighbour2",
    address: "车陂北社区 4 个投放点",
  },
  {
    key: "concert",
    title: "Monthly open-air concerts in the square",
    body: "A small monthly concert by local amateur musicians would bring neighbours together. Budget for sound equipment hire.",
    category: "culture",
    type: "service",
    yuan: 15_000,
    author: "neighbour2",
    address: "Community square",
  },
];

export const countingProposals: DemoProposal[] = [
  {
    key: "roof",
    title: "9栋楼顶防水补漏",
    body: "9栋顶楼每逢下雨就渗水，墙皮大片脱落。建议整体重做楼顶防水层。",
    category: "facilities",
    type: "works",
    yuan: 30_000,
    author: "neighbour",
    address: "车陂北街9栋",
  },
  {
    key: "projector",
    title: "社区议事厅添置投影设备",
    body: "居民议事会开会时只能传阅纸质材料，建议添置投影仪和幕布，方便大家一起看方案和图纸。",
    category: "facilities",
    type: "goods",
    yuan: 12_000,
    author: "resident",
    address: "社区党群服务中心议事厅",
  },
  {
    key: "summer",
    title: "青少年暑期托管班",
    body: "双职工家庭暑假孩子没人看，建议开设 6 周的暑期托管班，由社工和大学生志愿者带领。",
    category: "children",
    type: "service",
    yuan: 40_000,
    author: "neighbour2",
    address: "社区服务中心",
  },
  {
    key: "bikes",
    title: "Community bike repair days",
    body: "Four Saturday bike-repair days with a mechanic and free basic parts, so residents keep cycling instead of driving.",
    category: "environment",
    type: "service",
    yuan: 5_000,
    author: "neighbour2",
    address: "Community square",
  },
];

export const noticeProposals: DemoProposal[] = [
  {
    key: "cctv",
    title: "小区监控补盲，增设6个摄像头",
    body: "后门和自行车棚没有监控，最近丢了好几辆电动车。建议增设 6 个摄像头，接入值班室。",
    category: "safety",
    type: "goods",
    yuan: 38_000,
    author: "resident",
    address: "车陂北社区后门、自行车棚",
  },
  {
    key: "bathing",
    title: "失能长者助浴服务",
    body: "为社区 20 位失能、半失能长者每月提供两次上门助浴服务，由专业护理员操作。",
    category: "elderly",
    type: "service",
    yuan: 26_000,
    author: "neighbour2",
    address: "长者家中",
  },
  {
    key: "court",
    title: "篮球场照明改造",
    body: "篮球场晚上太暗，年轻人下班后没法打球，建议更换 8 盏 LED 投光灯。",
    category: "facilities",
    type: "works",
    yuan: 45_000,
    author: "neighbour",
    address: "车陂北社区篮球场",
  },
];
