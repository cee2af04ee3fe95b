import type { Role } from "~/modules/accounts/roles";

/**
 * The demo logins (client-safe, so the README, the login page and tests can list them). They exist only
 * in the embedded demo database or after an explicit `kapok seed --demo`: never in production data.
 */
export const demoPassword = "kapok-demo";
export const demoEmailDomain = "demo.kapok.city";

export type DemoAccount = {
  key: string;
  email: string;
  displayName: string;
  /** The role the account holds; null for the newcomer, who has only asked to be verified. */
  role: Role | null;
  descriptionKey: string;
};

export const demoAccounts: readonly DemoAccount[] = [
  {
    key: "resident",
    email: "resident@demo.kapok.city",
    displayName: "陈阿姨",
    role: "resident",
    descriptionKey: "admin:demo.resident",
  },
  {
    key: "neighbour",
    email: "neighbour@demo.kapok.city",
    displayName: "张伯",
    role: "resident",
    descriptionKey: "admin:demo.neighbour",
  },
  {
    key: "neighbour2",
    email: "neighbour2@demo.kapok.city",
    displayName: "Emma Clarke",
    role: "resident",
    descriptionKey: "admin:demo.neighbour2",
  },
  {
    key: "newcomer",
    email: "newcomer@demo.kapok.city",
    displayName: "林晓",
    role: null,
    descriptionKey: "admin:demo.newcomer",
  },
  {
    key: "committee",
    email: "committee@demo.kapok.city",
    displayName: "黄主任",
    role: "committee_member",
    descriptionKey: "admin:demo.committee",
  },
  {
    key: "gridworker",
    email: "gridworker@demo.kapok.city",
    displayName: "网格员小李",
    role: "grid_worker",
    descriptionKey: "admin:demo.gridworker",
  },
  {
    key: "street",
    email: "street@demo.kapok.city",
    displayName: "王科长",
    role: "street_official",
    descriptionKey: "admin:demo.street",
  },
  {
    key: "district",
    email: "district@demo.kapok.city",
    displayName: "赵处长",
    role: "district_official",
    descriptionKey: "admin:demo.district",
  },
  {
    key: "city",
    email: "city@demo.kapok.city",
    displayName: "周局长",
    role: "city_official",
    descriptionKey: "admin:demo.city",
  },
  {
    key: "ngo",
    email: "ngo@demo.kapok.city",
    displayName: "何社工",
    role: "ngo_admin",
    descriptionKey: "admin:demo.ngo",
  },
  {
    key: "reviewer",
    email: "reviewer@demo.kapok.city",
    displayName: "吴教授",
    role: "expert_reviewer",
    descriptionKey: "admin:demo.reviewer",
  },
  {
    key: "reviewer2",
    email: "reviewer2@demo.kapok.city",
    displayName: "林督导",
    role: "expert_reviewer",
    descriptionKey: "admin:demo.reviewer2",
  },
  {
    key: "reviewer3",
    email: "reviewer3@demo.kapok.city",
    displayName: "郑会计师",
    role: "expert_reviewer",
    descriptionKey: "admin:demo.reviewer3",
  },
  {
    key: "ngo2",
    email: "ngo2@demo.kapok.city",
    displayName: "梁主任",
    role: "ngo_admin",
    descriptionKey: "admin:demo.ngo2",
  },
  {
    key: "admin",
    email: "admin@demo.kapok.city",
    displayName: "平台管理员",
    role: "platform_admin",
    descriptionKey: "admin:demo.admin",
  },
];

/** The demo NGO the `ngo` account administers. */
export const demoOrganisation = {
  name: "木棉社工服务中心（示范）",
  nameEn: "Kapok Social Work Service Centre (demo)",
};

/** The second demo NGO, which the `ngo2` account administers (registered, then verified by the funding demo). */
export const demoOrganisation2 = {
  name: "穗星长者服务中心（示范）",
  nameEn: "Suixing Elderly Service Centre (demo)",
};
