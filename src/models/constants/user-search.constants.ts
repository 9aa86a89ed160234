/*
 * The user search's contract constants, in one place: the v1 DTOs validate with them and
 * the repository DTOs type with them, so neither layer imports the other's.
 */

/** The orders a user search can ask for; a leading `-` means descending. */
export const USER_SORTS = ['createdAt', '-createdAt', 'username', '-username'] as const;
export type UserSort = (typeof USER_SORTS)[number];
