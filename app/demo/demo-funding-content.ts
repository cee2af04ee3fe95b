/**
 * The words of the funding demo: checklists, rubrics and applications as a Guangzhou district's calls and
 * its social organisations would write them (domain.md §2). Amounts in yuan.
 */

/** The five eligibility conditions of Guangzhou's 公益创投 (穗社管发〔2023〕29号). */
export const ventureChecklist = [
  {
    label: "在社会组织登记管理机关依法登记，能独立承担民事责任",
    labelEn: "Registered with a social-organisation registration authority; able to bear civil liability",
  },
  {
    label: "项目实施地点和服务对象在广州市（本期限天河区）",
    labelEn: "Project site and beneficiaries in Guangzhou (this round: Tianhe District)",
  },
  {
    label: "具备项目所需的设备、场地、专业人员和资质",
    labelEn: "Has the equipment, premises, professional staff and qualifications the project needs",
  },
  {
    label: "申报项目在机构章程规定的业务范围内",
    labelEn: "The project is within the organisation’s chartered scope",
  },
  {
    label: "近1年未列入活动异常名录，近2年未列入严重违法失信名单，近3年无重大违法违规行为",
    labelEn:
      "Not on the abnormal-activity list in the past year, nor the serious-violation list in the past two years; no major violation in three years",
  },
];

export const purchaseChecklist = [
  ventureChecklist[0]!,
  {
    label: "具备食品经营许可证或与持证餐饮企业签订配餐协议",
    labelEn: "Holds a food-business licence or has a catering agreement with a licensed kitchen",
  },
  ventureChecklist[4]!,
];

export type DemoCriterion = {
  name: string;
  nameEn: string;
  description: string;
  maxScore: number;
  weight: number;
};

/** The default venture rubric: seven criteria, 0–10 each, weights 20/25/15/15/10/10/5. */
export const ventureRubric: DemoCriterion[] = [
  {
    name: "需求分析与政策契合",
    nameEn: "Needs and policy fit",
    description: "服务需求有调研数据支撑，符合“扶老、助残、救孤、济困”方向。",
    maxScore: 10,
    weight: 20,
  },
  {
    name: "项目设计与逻辑",
    nameEn: "Design and logic model",
    description: "目标、活动、产出和成效之间逻辑清楚，进度安排可行。",
    maxScore: 10,
    weight: 25,
  },
  {
    name: "团队能力",
    nameEn: "Team capacity",
    description: "项目团队有相应的专业资质和同类项目经验。",
    maxScore: 10,
    weight: 15,
  },
  {
    name: "预算合理性与配套",
    nameEn: "Budget and co-funding",
    description: "预算明细合理，自筹资金落实（不少于项目总预算的 40%）。",
    maxScore: 10,
    weight: 15,
  },
  {
    name: "创新性",
    nameEn: "Innovation",
    description: "服务方式或服务对象有新意，能回应未被满足的需求。",
    maxScore: 10,
    weight: 10,
  },
  {
    name: "可持续与可复制",
    nameEn: "Sustainability and replicability",
    description: "资助期结束后能持续运作，经验可在其他街道推广。",
    maxScore: 10,
    weight: 10,
  },
  {
    name: "风险控制",
    nameEn: "Risk control",
    description: "识别了服务对象安全、资金使用等风险，并有应对措施。",
    maxScore: 10,
    weight: 5,
  },
];

/** A purchase rubric: three criteria (30/25/15) plus the price score (weight 30). */
export const canteenRubric: DemoCriterion[] = [
  {
    name: "服务方案",
    nameEn: "Service plan",
    description: "供餐、送餐和长者健康管理方案完整，能覆盖周末和节假日。",
    maxScore: 10,
    weight: 30,
  },
  {
    name: "团队与资质",
    nameEn: "Team and qualifications",
    description: "厨师、营养师、社工等人员配置和持证情况。",
    maxScore: 10,
    weight: 25,
  },
  {
    name: "运营经验与食品安全管理",
    nameEn: "Operating experience and food safety",
    description: "同类长者饭堂运营经验，食品留样、溯源等安全制度。",
    maxScore: 10,
    weight: 15,
  },
];

export type DemoApplication = {
  title: string;
  summary: string;
  needs: string;
  beneficiaries: string;
  beneficiaryCount: number;
  objectives: string;
  activities: Array<{ activity: string; timing: string }>;
  indicators: Array<{ indicator: string; target: string }>;
  team: string;
  budgetLines: Array<{ category: string; item: string; yuan: number }>;
  selfRaisedYuan: number;
  requestedYuan: number;
};

/** 木棉: the awarded project of the 2026 call, now in delivery. */
export const neighbourlyWatch: DemoApplication = {
  title: "“邻里守望”独居长者关爱计划",
  summary: "组建楼栋义工队，为车陂街独居和空巢长者提供每周探访、紧急呼叫响应和助餐转介。",
  needs:
    "2025 年入户调查显示，车陂街 60 岁以上独居长者 312 人，其中 41% 一周内与他人交谈少于 3 次，27% 家中没有紧急呼叫设备。",
  beneficiaries: "车陂街独居、空巢长者及其照顾者",
  beneficiaryCount: 300,
  objectives: "一年内每位登记长者每周至少被探访一次；紧急呼叫 30 分钟内响应；培养 60 名楼栋义工。",
  activities: [
    { activity: "入户评估，建立长者档案和风险分级", timing: "第 1–2 个月" },
    { activity: "招募培训楼栋义工，结对探访", timing: "第 2–12 个月" },
    { activity: "安装紧急呼叫器，建立 24 小时响应机制", timing: "第 3–4 个月" },
    { activity: "每月一次长者生日会和健康讲座", timing: "第 3–12 个月" },
  ],
  indicators: [
    { indicator: "探访人次", target: "12000" },
    { indicator: "培训义工人数", target: "60" },
    { indicator: "紧急呼叫平均响应时间（分钟）", target: "≤30" },
  ],
  team: "项目主管 1 名（中级社工师）、一线社工 3 名、护士 1 名（兼职），督导由高校社工系教师担任。",
  budgetLines: [
    { category: "personnel", item: "社工及护士劳务", yuan: 260_000 },
    { category: "activities", item: "探访、生日会和健康讲座", yuan: 95_000 },
    { category: "materials", item: "紧急呼叫器 120 台及安装", yuan: 72_000 },
    { category: "training", item: "义工培训和督导", yuan: 25_000 },
    { category: "administration", item: "项目管理和审计", yuan: 18_000 },
  ],
  selfRaisedYuan: 190_000,
  requestedYuan: 280_000,
};

/** The third organisation's project, also awarded (its mid-term report is now late). */
export const afterSchool: DemoApplication = {
  title: "“成长加油站”流动儿童课后成长支持",
  summary: "在车陂、东圃两个社区为流动儿童提供课后功课辅导、阅读和亲子活动。",
  needs: "两个社区有流动儿童约 480 名，父母多从事餐饮和物流工作，放学后无人看护的约 150 名。",
  beneficiaries: "6–12 岁流动儿童及其家长",
  beneficiaryCount: 150,
  objectives: "每周 4 个下午开放课后空间；儿童阅读量提高；家长参与亲子活动至少 6 次。",
  activities: [
    { activity: "课后功课辅导（周一至周四）", timing: "全年" },
    { activity: "周末亲子阅读和户外活动", timing: "每月 2 次" },
  ],
  indicators: [
    { indicator: "服务儿童人数", target: "150" },
    { indicator: "课后服务人次", target: "9000" },
  ],
  team: "社工 2 名、大学生志愿者 30 名（与华南师范大学合作）。",
  budgetLines: [
    { category: "personnel", item: "社工劳务", yuan: 180_000 },
    { category: "activities", item: "课后辅导和亲子活动", yuan: 90_000 },
    { category: "materials", item: "图书和文具", yuan: 40_000 },
  ],
  selfRaisedYuan: 130_000,
  requestedYuan: 180_000,
};

/** 穗星 (an elderly-service agency) applied for a youth project: outside its chartered scope. */
export const youthCare: DemoApplication = {
  title: "青少年暑期托管与心理支持",
  summary: "暑期为双职工家庭的初中生提供托管、学业辅导和心理小组。",
  needs: "车陂街双职工家庭初中生暑期无人照看的情况较普遍。",
  beneficiaries: "12–15 岁青少年",
  beneficiaryCount: 80,
  objectives: "暑期 8 周托管，开展 6 节心理支持小组。",
  activities: [{ activity: "暑期托管和心理小组", timing: "7–8 月" }],
  indicators: [{ indicator: "服务青少年人数", target: "80" }],
  team: "社工 2 名，心理咨询师 1 名（外聘）。",
  budgetLines: [
    { category: "personnel", item: "社工和咨询师劳务", yuan: 150_000 },
    { category: "activities", item: "托管和小组活动", yuan: 110_000 },
  ],
  selfRaisedYuan: 110_000,
  requestedYuan: 150_000,
};

/** 木棉's application to the second 2026 call, in review now. */
export const disabilityJobs: DemoApplication = {
  title: "心智障碍青年社区就业支持小组",
  summary: "为 18–30 岁心智障碍青年提供职前训练，并在社区商户中开发支持性就业岗位。",
  needs: "天河区登记在册的心智障碍青年中，就业率不足 10%，家长普遍担心孩子离校后无处可去。",
  beneficiaries: "心智障碍青年及其家庭",
  beneficiaryCount: 40,
  objectives: "40 名青年完成职前训练，15 名在社区商户实现支持性就业。",
  activities: [
    { activity: "职前训练（每周 3 次）", timing: "第 1–6 个月" },
    { activity: "商户岗位开发和就业辅导员陪伴上岗", timing: "第 4–12 个月" },
  ],
  indicators: [
    { indicator: "完成职前训练人数", target: "40" },
    { indicator: "实现支持性就业人数", target: "15" },
  ],
  team: "社工 2 名，特教老师 1 名，就业辅导员 2 名。",
  budgetLines: [
    { category: "personnel", item: "社工和就业辅导员劳务", yuan: 200_000 },
    { category: "activities", item: "职前训练和岗位开发", yuan: 80_000 },
    { category: "training", item: "商户培训", yuan: 20_000 },
  ],
  selfRaisedYuan: 120_000,
  requestedYuan: 180_000,
};

/** 穗星's application to the second 2026 call, in review now. */
export const respiteCare: DemoApplication = {
  title: "失智长者家庭照护者喘息服务",
  summary: "为居家照顾失智长者的家属提供每月 8 小时的上门喘息服务和照护技能培训。",
  needs: "天河区居家失智长者约 1,200 人，照护者多为配偶或子女，长期照护压力大。",
  beneficiaries: "失智长者的家庭照护者",
  beneficiaryCount: 60,
  objectives: "60 个家庭每月获得 8 小时喘息服务；照护者压力量表得分下降 20%。",
  activities: [
    { activity: "家庭评估和照护计划", timing: "第 1–2 个月" },
    { activity: "上门喘息服务", timing: "第 2–12 个月" },
    { activity: "照护者支持小组和技能培训", timing: "每季度" },
  ],
  indicators: [
    { indicator: "受益家庭数", target: "60" },
    { indicator: "喘息服务小时数", target: "5760" },
  ],
  team: "护理员 4 名（持养老护理员证），社工 1 名，督导 1 名。",
  budgetLines: [
    { category: "personnel", item: "护理员和社工劳务", yuan: 230_000 },
    { category: "activities", item: "支持小组和培训", yuan: 40_000 },
    { category: "administration", item: "保险和交通", yuan: 30_000 },
  ],
  selfRaisedYuan: 125_000,
  requestedYuan: 175_000,
};

/** 木棉's draft for the 2027 call, still being written. */
export const digitalLife: DemoApplication = {
  title: "“银龄触网”社区长者数字生活支持计划",
  summary: "由青年义工一对一教长者使用手机挂号、缴费、视频通话和识别诈骗。（草稿）",
  needs: "",
  beneficiaries: "60 岁以上社区长者",
  beneficiaryCount: 200,
  objectives: "",
  activities: [],
  indicators: [],
  team: "",
  budgetLines: [{ category: "personnel", item: "社工劳务", yuan: 120_000 }],
  selfRaisedYuan: 0,
  requestedYuan: 0,
};

/** 穗星's bid for the street's canteen purchase. */
export const canteenBid: DemoApplication = {
  title: "车陂街长者饭堂运营服务（2027年度）",
  summary: "承接车陂街长者饭堂一年运营：工作日午餐和晚餐，周末和节假日午餐，行动不便长者送餐上门。",
  needs: "车陂街长者饭堂日均就餐 180 人次，居民在民生微实事中提出周末也要供餐。",
  beneficiaries: "车陂街 60 岁以上长者，重点是独居、高龄和行动不便长者",
  beneficiaryCount: 600,
  objectives: "全年供餐 360 天，送餐覆盖 50 名行动不便长者，满意度不低于 90%。",
  activities: [
    { activity: "饭堂日常运营和营养配餐", timing: "全年" },
    { activity: "送餐上门和健康随访", timing: "全年" },
  ],
  indicators: [
    { indicator: "供餐人次", target: "65000" },
    { indicator: "就餐满意度", target: "≥90%" },
  ],
  team: "厨师 3 名、营养师 1 名、社工 1 名、送餐员 2 名。",
  budgetLines: [
    { category: "personnel", item: "厨师、营养师、社工和送餐员", yuan: 240_000 },
    { category: "materials", item: "厨房耗材和餐具", yuan: 38_000 },
    { category: "activities", item: "送餐和健康随访", yuan: 60_000 },
  ],
  selfRaisedYuan: 0,
  requestedYuan: 338_000,
};

/** 木棉's application to the street's 2026 community micro-venture call, now past its public notice. */
export const fallPrevention: DemoApplication = {
  title: "长者居家防跌倒改造与平衡训练",
  summary: "为车陂街高龄和独居长者做居家跌倒风险评估、安装扶手和夜灯，并开设每周平衡训练班。",
  needs: "2025 年车陂街社康中心接诊的 65 岁以上长者中，近一年跌倒过的占 18%，多数发生在卫生间和夜间起床时。",
  beneficiaries: "车陂街 65 岁以上高龄、独居长者",
  beneficiaryCount: 120,
  objectives: "完成 120 户居家评估和 80 户适老化改造；平衡训练班参与长者跌倒率下降三分之一。",
  activities: [
    { activity: "入户跌倒风险评估", timing: "第 1–3 个月" },
    { activity: "安装扶手、防滑垫和感应夜灯", timing: "第 2–8 个月" },
    { activity: "每周平衡训练班（社康中心康复师带领）", timing: "第 3–12 个月" },
  ],
  indicators: [
    { indicator: "完成居家评估户数", target: "120" },
    { indicator: "完成适老化改造户数", target: "80" },
  ],
  team: "社工 2 名，康复治疗师 1 名（社康中心派驻），安装师傅 2 名（合作企业）。",
  budgetLines: [
    { category: "personnel", item: "社工和康复师劳务", yuan: 110_000 },
    { category: "materials", item: "扶手、防滑垫和感应夜灯", yuan: 70_000 },
    { category: "activities", item: "平衡训练班", yuan: 20_000 },
  ],
  selfRaisedYuan: 80_000,
  requestedYuan: 120_000,
};

/** The youth association's application to the same call. */
export const homeworkClub: DemoApplication = {
  title: "社区“四点半课堂”",
  summary: "在车陂北社区活动中心为双职工家庭的小学生提供放学后看护、作业辅导和阅读。",
  needs: "车陂北社区双职工家庭较多，约 90 名小学生放学后到家长下班前无人照看。",
  beneficiaries: "6–12 岁小学生",
  beneficiaryCount: 60,
  objectives: "每周一至周五放学后开放，服务 60 名儿童，家长满意度不低于 90%。",
  activities: [
    { activity: "放学后看护和作业辅导", timing: "学期内每个工作日" },
    { activity: "周五亲子阅读", timing: "每周" },
  ],
  indicators: [
    { indicator: "服务儿童人数", target: "60" },
    { indicator: "家长满意度", target: "≥90%" },
  ],
  team: "社工 1 名，大学生志愿者 12 名。",
  budgetLines: [
    { category: "personnel", item: "社工劳务", yuan: 90_000 },
    { category: "activities", item: "辅导和阅读活动", yuan: 40_000 },
    { category: "materials", item: "图书和文具", yuan: 20_000 },
  ],
  selfRaisedYuan: 60_000,
  requestedYuan: 90_000,
};
