import type { ScopedRole } from "~/modules/accounts/permissions";
import { acknowledgeMatter } from "./acknowledge-matter.server";
import { addMeToo } from "./me-too.server";
import { raiseMatter } from "./raise-matter.server";
import { rateResponse } from "./rate-response.server";
import { respondToMatter } from "./respond-to-matter.server";

type DemoPerson = { id: string; pseudonymSeed: string; displayName?: string; roles: readonly ScopedRole[] };

const DAY = 86_400_000;

/**
 * Demo matters at each stage, made through the real use-cases with back-dated clocks so the events,
 * audit entries and timelines are what real use would have written: a new one, an overdue one (the
 * committee's queue and the street see it flagged), one being handled, one answered and rated, one
 * referred to a department. Returns the ids by stage, e.g. for a consultation to be opened on `forConsultation`.
 */
export async function seedDemoMatters({
  communityCode,
  gridCode,
  residents,
  committee,
  now = new Date(),
}: {
  communityCode: string;
  gridCode: string | null;
  residents: { resident: DemoPerson; neighbour: DemoPerson; neighbour2: DemoPerson };
  committee: DemoPerson & { displayName: string };
  now?: Date;
}) {
  const ago = (days: number, hours = 0) => new Date(now.getTime() - days * DAY - hours * 3_600_000);
  const raise = (
    by: DemoPerson,
    at: Date,
    input: {
      title: string;
      description: string;
      category: Parameters<typeof raiseMatter>[0]["category"];
      address: string;
    },
  ) => raiseMatter({ actor: by, actorRoles: by.roles, communityCode, gridCode, now: at, ...input });
  const meToo = (by: DemoPerson, matterId: string, at: Date) =>
    addMeToo({ actor: by, actorRoles: by.roles, matterId, now: at });
  const { resident, neighbour, neighbour2 } = residents;

  const fresh = await raise(neighbour2, ago(0, 3), {
    title: "Dog waste on the path by the kindergarten",
    description:
      "Every morning there is dog waste on the path to the kindergarten gate. Could we have a sign and a bin, and ask owners to clean up?",
    category: "environment",
    address: "车陂北街幼儿园门口",
  });

  const overdue = await raise(resident, ago(14), {
    title: "5栋电梯经常停运",
    description:
      "5栋电梯这个月已经停了三次，每次要等一两天才修好。楼里有好几位坐轮椅的老人，上下楼非常困难。希望物业尽快彻底检修。",
    category: "facilities",
    address: "5栋",
  });
  await meToo(neighbour, overdue.id, ago(13));
  await meToo(neighbour2, overdue.id, ago(12));

  const handling = await raise(neighbour, ago(2), {
    title: "晚上广场舞音响太大声",
    description:
      "每晚八点到十点，小区中心广场的广场舞音响开得很大，临街几栋楼的孩子没法写作业、老人睡不着。希望协调音量和时间。",
    category: "noise",
    address: "小区中心广场",
  });
  await meToo(resident, handling.id, ago(1));
  await acknowledgeMatter({
    actor: committee,
    actorRoles: committee.roles,
    matterId: handling.id,
    handlerName: committee.displayName,
    now: ago(1, 20),
  });

  const answered = await raise(resident, ago(10), {
    title: "3栋门口路灯不亮",
    description: "3栋门口的路灯坏了快两周，晚上回家很黑，已经有老人摔倒。",
    category: "safety",
    address: "3栋门口",
  });
  await respondToMatter({
    actor: committee,
    actorRoles: committee.roles,
    matterId: answered.id,
    kind: "answer",
    text: "已联系物业更换灯具，并检查了同一线路的其他路灯，3栋门口路灯已于今晚恢复照明。",
    now: ago(8),
  });
  await rateResponse({ actor: resident, matterId: answered.id, rating: "satisfied", now: ago(7) });

  const referred = await raise(neighbour, ago(6), {
    title: "车陂路公交站没有遮雨棚",
    description: "车陂路口公交站没有遮雨棚，下雨天等车的老人和学生都被淋湿。",
    category: "parking",
    address: "车陂路口公交站",
  });
  await respondToMatter({
    actor: committee,
    actorRoles: committee.roles,
    matterId: referred.id,
    kind: "referral",
    text: "公交站设施不属社区管理，已转交区交通运输局，并请其在十个工作日内答复。",
    department: "天河区交通运输局",
    now: ago(5),
  });
  await rateResponse({ actor: neighbour, matterId: referred.id, rating: "basically_satisfied", now: ago(4) });

  const forConsultation = await raise(neighbour2, ago(3), {
    title: "小区停车位不够，能否重新规划？",
    description: "晚上车都停到消防通道上了。能否重新划线，或者把闲置的空地改成停车位？希望听听大家的意见。",
    category: "parking",
    address: "小区东门空地",
  });
  await meToo(resident, forConsultation.id, ago(2));
  await meToo(neighbour, forConsultation.id, ago(2));

  return {
    fresh: fresh.id,
    overdue: overdue.id,
    handling: handling.id,
    answered: answered.id,
    referred: referred.id,
    forConsultation: forConsultation.id,
  };
}
