/**
 * The French and English words of the vocabulary a requester or a controller reads (issue 24):
 * the rights, what a controller does for each, the instructions, the refusal grounds. The Dutch
 * originals stay in vocabulary.ts and request.types.ts; the tables here mirror them key for key.
 *
 * Terms as the official French and English texts of the GDPR (Regulation (EU) 2016/679, OJ L 119,
 * 4.5.2016) use them: FR "responsable du traitement, sous-traitant, personne concernée, autorité
 * de contrôle", "droit d'accès, de rectification, à l'effacement, à la limitation du traitement, à
 * la portabilité, d'opposition", "prospection"; EN "controller, processor, data subject,
 * supervisory authority", "right of access, to rectification, to erasure, to restriction of
 * processing, to data portability, to object", "direct marketing". French has no tone variants
 * (vous), nor has English.
 *
 * Pure data. French texts are written with a plain space before ":", ";", "?" and "!" and get the
 * no-break space French typography wants from {@link frenchSpacing}.
 */

export type ForeignLanguage = 'fr' | 'en';

/** French typography: a no-break space (U+00A0) before ":", ";", "?" and "!" (a plain space there becomes one). */
export function frenchSpacing(text: string): string {
  return text.replace(/ ([:;?!])/g, '\u00a0$1');
}

type RightKey =
  | 'access'
  | 'rectification'
  | 'erasure'
  | 'restriction'
  | 'portability'
  | 'objection'
  | 'objection-direct-marketing'
  | 'automated-decision'
  | 'consent-withdrawal';

export interface ForeignRight {
  /** The short name, as the Dutch "inzage": "accès" / "access". */
  name: string;
  /** "le droit d'accès" / "the right of access" (refusal grounds). */
  right: string;
  article: string;
  asked: string;
  meaning: string;
  todo: string;
}

const FR_RIGHTS: Record<RightKey, ForeignRight> = {
  access: {
    name: 'accès',
    right: "le droit d'accès",
    article: 'art. 15 du RGPD',
    asked: 'savoir quelles données à caractère personnel vous concernant sont traitées, et en recevoir une copie',
    meaning: 'La personne concernée veut savoir si des données à caractère personnel la concernant sont traitées et lesquelles, et en recevoir une copie.',
    todo:
      "Confirmez si vous traitez des données concernant la personne concernée et envoyez-en une copie (la première gratuitement, sous forme électronique si la demande a été faite par voie électronique). " +
      "Indiquez également les finalités, les catégories de données, les destinataires, la durée de conservation, la source, l'existence d'une prise de décision automatisée, " +
      "les garanties en cas de transfert hors de l'Espace économique européen, les droits de la personne concernée et le droit d'introduire une réclamation auprès d'une autorité de contrôle.",
  },
  rectification: {
    name: 'rectification',
    right: 'le droit de rectification',
    article: 'art. 16 du RGPD',
    asked: 'faire rectifier des données inexactes vous concernant ou faire compléter des données incomplètes',
    meaning: 'La personne concernée veut que des données inexactes soient rectifiées ou que des données incomplètes soient complétées.',
    todo:
      "Rectifiez ou complétez les données dans les meilleurs délais, au besoin au moyen d'une déclaration complémentaire, et notifiez la modification à chaque destinataire auquel les données ont été communiquées (art. 19 du RGPD). " +
      'Dans notre logiciel, vous pouvez généralement le faire vous-même ; vous pouvez aussi nous donner l\'instruction de le faire.',
  },
  erasure: {
    name: 'effacement',
    right: "le droit à l'effacement",
    article: 'art. 17 du RGPD',
    asked: 'faire effacer des données vous concernant',
    meaning: 'La personne concernée veut que les données à caractère personnel la concernant soient effacées.',
    todo:
      "Examinez si un motif d'effacement s'applique (art. 17, par. 1, du RGPD) et si une exception s'applique (art. 17, par. 3, du RGPD), comme une obligation légale de conservation : " +
      '{retention}. ' +
      "Indiquez à la personne concernée quelles données vous conservez, pourquoi et jusqu'à quand, combien de temps des copies subsistent dans les sauvegardes, et notifiez l'effacement à chaque destinataire (art. 19 du RGPD). " +
      "Vous pouvez nous donner l'instruction d'effacer les données.",
  },
  restriction: {
    name: 'limitation du traitement',
    right: 'le droit à la limitation du traitement',
    article: 'art. 18 du RGPD',
    asked: "faire arrêter temporairement l'utilisation de vos données, sauf leur conservation",
    meaning: "La personne concernée veut que l'utilisation des données soit temporairement arrêtée, par exemple pendant la vérification de leur exactitude.",
    todo:
      "Marquez les données et ne les utilisez plus que pour les conserver et aux fins de l'art. 18, par. 2, du RGPD (droits en justice, droits d'autrui, motif important d'intérêt public). " +
      "Informez la personne concernée avant que la limitation ne soit levée (art. 18, par. 3, du RGPD) et notifiez la limitation à chaque destinataire (art. 19 du RGPD).",
  },
  portability: {
    name: 'portabilité',
    right: 'le droit à la portabilité des données',
    article: 'art. 20 du RGPD',
    asked: 'recevoir les données que vous avez vous-même fournies dans un fichier courant, lisible par ordinateur',
    meaning: "La personne concernée veut recevoir les données qu'elle a elle-même fournies dans un format structuré, couramment utilisé et lisible par machine.",
    todo:
      'Fournissez les données que la personne concernée a elle-même fournies, lorsque le traitement est fondé sur le consentement ou sur un contrat et effectué à l\'aide de procédés automatisés, dans un fichier CSV ou JSON ; ' +
      "à sa demande, directement à un autre responsable du traitement lorsque c'est techniquement possible (art. 20, par. 2, du RGPD). Vous pouvez nous donner l'instruction de faire un export ; nous vous l'envoyons, et non à la personne concernée.",
  },
  objection: {
    name: 'opposition',
    right: "le droit d'opposition",
    article: 'art. 21, par. 1, du RGPD',
    asked: "vous opposer à l'utilisation de vos données fondée sur un intérêt légitime ou un intérêt public",
    meaning: "La personne concernée s'oppose à un traitement fondé sur une mission d'intérêt public ou sur un intérêt légitime.",
    todo:
      "Arrêtez le traitement, sauf si vous démontrez des motifs légitimes et impérieux qui prévalent sur les intérêts et les droits et libertés de la personne concernée, " +
      "ou si les données sont nécessaires à la constatation, à l'exercice ou à la défense de droits en justice. Consignez la mise en balance.",
  },
  'objection-direct-marketing': {
    name: 'opposition à la prospection',
    right: "le droit d'opposition à la prospection",
    article: 'art. 21, par. 2 et 3, du RGPD',
    asked: "ne plus recevoir de publicité ni d'offres et ne plus laisser utiliser vos données à cette fin",
    meaning: 'La personne concernée veut que ses données ne soient plus utilisées à des fins de prospection.',
    todo: "Arrêtez immédiatement et sans exception toute prospection à l'égard de la personne concernée. Une vérification d'identité n'est pas nécessaire ; il suffit que l'adresse corresponde.",
  },
  'automated-decision': {
    name: 'décision individuelle automatisée',
    right: 'le droit de ne pas faire l\'objet d\'une décision fondée exclusivement sur un traitement automatisé',
    article: 'art. 22 du RGPD',
    asked: 'faire réexaminer par une personne une décision prise à votre sujet sans intervention humaine',
    meaning: 'La personne concernée veut qu\'une décision prise sans intervention humaine soit réexaminée par une personne.',
    todo:
      "Faites réexaminer la décision par un membre du personnel, donnez à la personne concernée la possibilité d'exprimer son point de vue et de contester la décision, " +
      'et expliquez comment la décision a été prise.',
  },
  'consent-withdrawal': {
    name: 'retrait du consentement',
    right: 'le droit de retirer son consentement',
    article: 'art. 7, par. 3, du RGPD',
    asked: "retirer le consentement que vous aviez donné, afin que l'utilisation de vos données fondée sur celui-ci cesse",
    meaning: 'La personne concernée retire un consentement donné précédemment.',
    todo: 'Arrêtez immédiatement le traitement fondé sur ce consentement. Il doit être aussi simple de retirer son consentement que de le donner.',
  },
};

const EN_RIGHTS: Record<RightKey, ForeignRight> = {
  access: {
    name: 'access',
    right: 'the right of access',
    article: 'Art. 15 GDPR',
    asked: 'to know which personal data concerning you is processed, and to receive a copy of it',
    meaning: 'The data subject wants to know whether personal data concerning them is processed, and which, and wants a copy.',
    todo:
      'Confirm whether you process data concerning the data subject and send a copy (the first free of charge, in electronic form if the request was made electronically). ' +
      'State the purposes, the categories of data, the recipients, the retention period, the source, whether there is automated decision-making, ' +
      'the safeguards for transfers outside the European Economic Area, the rights of the data subject and the right to lodge a complaint with a supervisory authority.',
  },
  rectification: {
    name: 'rectification',
    right: 'the right to rectification',
    article: 'Art. 16 GDPR',
    asked: 'to have inaccurate data concerning you rectified or incomplete data completed',
    meaning: 'The data subject wants inaccurate data rectified or incomplete data completed.',
    todo:
      'Rectify or complete the data without undue delay, if need be by means of a supplementary statement, and communicate the change to each recipient to whom the data was disclosed (Art. 19 GDPR). ' +
      'In our software you can usually do this yourself; you can also instruct us to do it.',
  },
  erasure: {
    name: 'erasure',
    right: 'the right to erasure',
    article: 'Art. 17 GDPR',
    asked: 'to have data concerning you erased',
    meaning: 'The data subject wants the personal data concerning them erased.',
    todo:
      'Assess whether a ground for erasure applies (Art. 17(1) GDPR) and whether an exception applies (Art. 17(3) GDPR), such as a legal obligation to keep records: ' +
      '{retention}. ' +
      'Tell the data subject which data you keep, why and until when, how long copies remain in back-ups, and communicate the erasure to each recipient (Art. 19 GDPR). ' +
      'You can instruct us to erase the data.',
  },
  restriction: {
    name: 'restriction of processing',
    right: 'the right to restriction of processing',
    article: 'Art. 18 GDPR',
    asked: 'to have the use of your data stopped for a time, except for storing it',
    meaning: 'The data subject wants the use of the data stopped for a time, for example while its accuracy is verified.',
    todo:
      'Mark the data and only store it or use it for the purposes of Art. 18(2) GDPR (legal claims, the rights of others, an important public interest). ' +
      'Inform the data subject before the restriction is lifted (Art. 18(3) GDPR) and communicate the restriction to each recipient (Art. 19 GDPR).',
  },
  portability: {
    name: 'data portability',
    right: 'the right to data portability',
    article: 'Art. 20 GDPR',
    asked: 'to receive the data you provided yourself in a common file format that a computer can read',
    meaning: 'The data subject wants the data they provided themselves in a structured, commonly used and machine-readable format.',
    todo:
      'Provide the data the data subject provided, where the processing is based on consent or a contract and carried out by automated means, as a CSV or JSON file; ' +
      'on request directly to another controller, where technically feasible (Art. 20(2) GDPR). You can instruct us to make an export; we send it to you, not to the data subject.',
  },
  objection: {
    name: 'objection',
    right: 'the right to object',
    article: 'Art. 21(1) GDPR',
    asked: 'to object to the use of your data on the grounds of a legitimate or public interest',
    meaning: 'The data subject objects to processing based on a task carried out in the public interest or on a legitimate interest.',
    todo:
      'Stop the processing, unless you can demonstrate compelling legitimate grounds which override the interests, rights and freedoms of the data subject, ' +
      'or the data is needed for the establishment, exercise or defence of legal claims. Record how you weighed the interests.',
  },
  'objection-direct-marketing': {
    name: 'objection to direct marketing',
    right: 'the right to object to direct marketing',
    article: 'Art. 21(2) and (3) GDPR',
    asked: 'to receive no more advertising or offers and to have your data no longer used for them',
    meaning: 'The data subject wants their data no longer used for direct marketing.',
    todo: 'Stop direct marketing to the data subject at once and without exception. No identity check is needed; it is enough that the address matches.',
  },
  'automated-decision': {
    name: 'automated individual decision-making',
    right: 'the right not to be subject to a decision based solely on automated processing',
    article: 'Art. 22 GDPR',
    asked: 'to have a decision about you that was taken without human involvement reviewed by a person',
    meaning: 'The data subject wants a decision taken without human involvement reviewed by a person.',
    todo:
      'Have a member of staff review the decision, give the data subject the opportunity to express their point of view and to contest the decision, ' +
      'and explain how the decision was reached.',
  },
  'consent-withdrawal': {
    name: 'withdrawal of consent',
    right: 'the right to withdraw consent',
    article: 'Art. 7(3) GDPR',
    asked: 'to withdraw the consent you gave earlier, so that the use of your data based on it stops',
    meaning: 'The data subject withdraws consent given earlier.',
    todo: 'Stop the processing based on this consent at once. Withdrawing consent must be as easy as giving it.',
  },
};

function frenchTable<T extends Record<string, unknown>>(table: T): T {
  return JSON.parse(JSON.stringify(table), (_key, value: unknown) => (typeof value === 'string' ? frenchSpacing(value) : value)) as T;
}

export const FOREIGN_RIGHTS: Readonly<Record<ForeignLanguage, Readonly<Record<RightKey, ForeignRight>>>> = { fr: frenchTable(FR_RIGHTS), en: EN_RIGHTS };

type InstructionKey = 'erase' | 'rectify' | 'restrict' | 'export' | 'stop-processing';

/** The instructions a controller can give (art 28(3)(a)): label and the option on the controller's page. */
export const FOREIGN_INSTRUCTIONS: Readonly<Record<ForeignLanguage, Readonly<Record<InstructionKey, { label: string; option: string }>>>> = {
  fr: {
    erase: { label: 'effacer les données', option: 'Effacer les données' },
    rectify: { label: 'rectifier les données', option: 'Rectifier les données (corriger les données inexactes, compléter les données incomplètes)' },
    restrict: { label: 'limiter le traitement', option: 'Limiter le traitement' },
    export: { label: 'exporter les données', option: "Exporter les données (l'export vous est envoyé, et non à la personne concernée)" },
    'stop-processing': { label: 'arrêter le traitement', option: 'Arrêter le traitement' },
  },
  en: {
    erase: { label: 'erase the data', option: 'Erase the data' },
    rectify: { label: 'rectify the data', option: 'Rectify the data (correct inaccurate data, complete incomplete data)' },
    restrict: { label: 'restrict the processing', option: 'Restrict the processing' },
    export: { label: 'export the data', option: 'Export the data (the export comes to you, not to the data subject)' },
    'stop-processing': { label: 'stop the processing', option: 'Stop the processing' },
  },
};

/** A controller's decision on its page. */
export const FOREIGN_DECISIONS: Readonly<Record<ForeignLanguage, Readonly<Record<'takes-over' | 'instruct' | 'not-ours', string>>>> = {
  fr: {
    'takes-over': 'Nous traitons nous-mêmes la demande',
    instruct: 'Nous donnons une instruction au sous-traitant',
    'not-ours': "Cette personne ne nous est pas connue",
  },
  en: {
    'takes-over': 'We handle the request ourselves',
    instruct: 'We give the processor an instruction',
    'not-ours': 'This person is not known to us',
  },
};

type GroundKey =
  | 'manifestly-unfounded'
  | 'excessive'
  | 'identity-not-established'
  | 'legal-retention-duty'
  | 'legal-claims'
  | 'freedom-of-expression'
  | 'public-interest'
  | 'rights-of-others'
  | 'compelling-legitimate-grounds'
  | 'right-not-applicable';

/** The refusal grounds (art 12(5), 11(2), 15(4), 17(3), 21(1)) as the refusal letter states them. */
export const FOREIGN_REFUSAL_GROUNDS: Readonly<Record<ForeignLanguage, Readonly<Record<GroundKey, { name: string; article: string }>>>> = {
  fr: frenchTable({
    'manifestly-unfounded': { name: 'La demande est manifestement infondée', article: 'art. 12, par. 5, du RGPD' },
    excessive: { name: 'La demande est excessive, notamment en raison de son caractère répétitif', article: 'art. 12, par. 5, du RGPD' },
    'identity-not-established': { name: "Nous ne sommes pas en mesure d'établir que vous êtes la personne concernée", article: 'art. 11, par. 2, et art. 12, par. 2, du RGPD' },
    'legal-retention-duty': { name: 'La loi nous oblige à conserver les données', article: 'art. 17, par. 3, point b), du RGPD' },
    'legal-claims': { name: "Les données sont nécessaires à la constatation, à l'exercice ou à la défense de droits en justice", article: 'art. 17, par. 3, point e), du RGPD' },
    'freedom-of-expression': { name: "Le traitement est nécessaire à l'exercice du droit à la liberté d'expression et d'information", article: 'art. 17, par. 3, point a), du RGPD' },
    'public-interest': {
      name: "Le traitement est nécessaire pour un motif d'intérêt public (santé publique, archivage, recherche ou statistiques)",
      article: 'art. 17, par. 3, points c) et d), du RGPD',
    },
    'rights-of-others': { name: "La communication des données porterait atteinte aux droits et libertés d'autrui", article: 'art. 15, par. 4, du RGPD' },
    'compelling-legitimate-grounds': { name: 'Il existe des motifs légitimes et impérieux qui prévalent sur vos intérêts', article: 'art. 21, par. 1, du RGPD' },
    'right-not-applicable': { name: 'Ce droit ne s\'applique pas à ce traitement', article: 'art. 20, par. 1, art. 21, par. 1, ou art. 22, par. 2, du RGPD' },
  }),
  en: {
    'manifestly-unfounded': { name: 'The request is manifestly unfounded', article: 'Art. 12(5) GDPR' },
    excessive: { name: 'The request is excessive, in particular because of its repetitive character', article: 'Art. 12(5) GDPR' },
    'identity-not-established': { name: 'We cannot establish that you are the data subject', article: 'Art. 11(2) and Art. 12(2) GDPR' },
    'legal-retention-duty': { name: 'The law requires us to keep the data', article: 'Art. 17(3)(b) GDPR' },
    'legal-claims': { name: 'The data is necessary for the establishment, exercise or defence of legal claims', article: 'Art. 17(3)(e) GDPR' },
    'freedom-of-expression': { name: 'The processing is necessary for exercising the right of freedom of expression and information', article: 'Art. 17(3)(a) GDPR' },
    'public-interest': { name: 'The processing is necessary for reasons of public interest (public health, archiving, research or statistics)', article: 'Art. 17(3)(c) and (d) GDPR' },
    'rights-of-others': { name: 'Providing the data would adversely affect the rights and freedoms of others', article: 'Art. 15(4) GDPR' },
    'compelling-legitimate-grounds': { name: 'There are compelling legitimate grounds which override your interests', article: 'Art. 21(1) GDPR' },
    'right-not-applicable': { name: 'This right does not apply to this processing', article: 'Art. 20(1), Art. 21(1) or Art. 22(2) GDPR' },
  },
};

/** Where a right does not apply (the condition of the GDPR that is not met), without the name of the regulation. */
export const FOREIGN_NOT_APPLICABLE_ARTICLES: Readonly<Record<ForeignLanguage, Partial<Record<RightKey, string>>>> = {
  fr: {
    erasure: 'art. 17, par. 1',
    restriction: 'art. 18, par. 1',
    portability: 'art. 20, par. 1',
    objection: 'art. 21, par. 1',
    'automated-decision': 'art. 22, par. 2',
    'consent-withdrawal': 'art. 7, par. 3',
  },
  en: {
    erasure: 'Art. 17(1)',
    restriction: 'Art. 18(1)',
    portability: 'Art. 20(1)',
    objection: 'Art. 21(1)',
    'automated-decision': 'Art. 22(2)',
    'consent-withdrawal': 'Art. 7(3)',
  },
};

/** The name of the regulation after an article: "du RGPD" / "GDPR". */
export const REGULATION_SUFFIX: Readonly<Record<ForeignLanguage, string>> = { fr: 'du RGPD', en: 'GDPR' };

/** What a requester asked for, as a letter lists it: "accès : savoir … (art. 15 du RGPD)". */
export function foreignRightAsked(lang: ForeignLanguage, right: RightKey): string {
  const r = FOREIGN_RIGHTS[lang][right];
  return lang === 'fr' ? frenchSpacing(`${r.name} : ${r.asked} (${r.article})`) : `${r.name}: ${r.asked} (${r.article})`;
}

/** The states of a processor task and the answer to a concern, as the controller's page shows them in French and English. */
export const FOREIGN_TASK_TEXTS: Readonly<Record<'fr' | 'en', { states: Record<string, string>; withdrawnByController: string; confirmed: string; withdrawn: string }>> = {
  fr: {
    states: { open: 'À exécuter', concern: 'Réserves signalées au responsable du traitement', done: 'Exécutée', cancelled: 'Caduque (non exécutée)' },
    withdrawnByController: 'Retirée par le responsable du traitement',
    confirmed: 'confirmée',
    withdrawn: 'retirée',
  },
  en: {
    states: { open: 'To be carried out', concern: 'Concern raised with the controller', done: 'Carried out', cancelled: 'Lapsed (not carried out)' },
    withdrawnByController: 'Withdrawn by the controller',
    confirmed: 'confirmed',
    withdrawn: 'withdrawn',
  },
};
