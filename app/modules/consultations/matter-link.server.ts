// Opening a consultation on a matter: the matters feature's documented one-way use-case for it
// (markMatterConsulting inside the consultation's transaction, announceMatterConsulting after commit).
/* eslint-disable import/no-restricted-paths */
export {
  announceMatterConsulting,
  markMatterConsulting,
} from "~/modules/matters/mark-matter-consulting.server";
/* eslint-enable import/no-restricted-paths */
