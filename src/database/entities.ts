// TypeORM entities of every module (for repositories and `migration:generate`).
export const ENTITIES: Function[] = [];
