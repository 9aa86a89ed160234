import { InvalidStateError } from '../../kit/errors/catalogue.ts';

/** 409 `INVALID_STATE`: the change would leave no active admin. */
export const lastAdminError = () =>
  new InvalidStateError({
    detail: {
      en: 'This is the last active admin: make another admin first.',
      fa: 'این آخرین مدیر فعال است: ابتدا مدیر دیگری تعیین کنید.',
    },
  });

const selfDemotionDetail = {
  suspend: { en: 'An admin cannot suspend itself.', fa: 'مدیر نمی‌تواند خودش را تعلیق کند.' },
  demote: {
    en: 'An admin cannot take away its own admin role.',
    fa: 'مدیر نمی‌تواند نقش مدیریت خودش را بردارد.',
  },
} as const;

/** 409 `INVALID_STATE`: an admin suspending or demoting itself. */
export const selfDemotionError = (action: 'suspend' | 'demote') =>
  new InvalidStateError({ detail: selfDemotionDetail[action] });
