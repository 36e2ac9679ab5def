/**
 * Article texts the bad-input matrix wraps in hostile formats. Written for these tests (not
 * scraped): realistic news prose, one idea per paragraph, long enough for language detection.
 */

export interface ArticleText {
  readonly title: string;
  readonly paragraphs: readonly string[];
}

/** French: a local-politics story with quotes, figures and place names. */
export const TRAMWAY: ArticleText = {
  title: "À Grenoble, le prolongement du tramway divise les riverains",
  paragraphs: [
    "Le conseil métropolitain de Grenoble a approuvé lundi soir le prolongement de la ligne E du tramway vers le nord de l'agglomération, un chantier de 180 millions d'euros qui doit débuter au printemps prochain et durer trois ans.",
    "Le projet prévoit six nouvelles stations entre Saint-Martin-le-Vinoux et Le Fontanil, ainsi qu'un parking relais de 400 places. Selon la métropole, la fréquentation de la ligne devrait augmenter de 15 000 voyageurs par jour d'ici à 2030.",
    "« C'est une décision attendue depuis dix ans par les habitants de la rive gauche de l'Isère », s'est félicité le vice-président chargé des mobilités, qui promet des travaux « phasés pour limiter la gêne des commerçants ».",
    "Mais plusieurs associations de riverains contestent le tracé retenu, qui impose l'abattage de 120 platanes le long de la route de Lyon. Une pétition en ligne a déjà recueilli plus de 8 000 signatures, et un recours devant le tribunal administratif n'est pas exclu.",
    "L'opposition municipale dénonce pour sa part un coût « sous-évalué » et réclame une étude indépendante sur la fréquentation réelle de la ligne. Le maire a répondu que le financement était assuré à 40 % par l'État et la région.",
    "Les premières déviations de circulation sont attendues dès le mois de mars. La métropole organisera trois réunions publiques d'information avant le lancement du chantier.",
  ],
};

/** French: a weather story, used where a second, different article is needed. */
export const CRUE: ArticleText = {
  title: "Crues dans le Gard : une centaine de personnes évacuées dans la nuit",
  paragraphs: [
    "Une centaine d'habitants de la vallée du Gardon ont été évacués dans la nuit de samedi à dimanche après la brusque montée des eaux provoquée par un épisode cévenol d'une rare intensité.",
    "Météo-France avait placé le département en vigilance rouge dès samedi après-midi. Il est tombé jusqu'à 300 millimètres de pluie en douze heures sur les hauteurs d'Anduze, soit l'équivalent de trois mois de précipitations.",
    "« L'eau est montée d'un mètre en moins d'une heure, nous n'avons eu le temps de sauver que les papiers », raconte une habitante de Boucoiran, hébergée avec ses deux enfants dans le gymnase de la commune.",
    "Les pompiers ont effectué une quarantaine de sauvetages par hélicoptère. Aucune victime n'était à déplorer dimanche matin, mais la préfecture appelle à ne pas s'approcher des cours d'eau et à limiter les déplacements.",
    "Les établissements scolaires resteront fermés lundi dans une trentaine de communes. Le ministre de l'Intérieur est attendu sur place dans la journée.",
  ],
};

/** English: passes through untranslated. */
export const STORM: ArticleText = {
  title: "Storm leaves thousands without power across Brittany",
  paragraphs: [
    "More than 80,000 homes in Brittany were still without electricity on Friday morning after a violent storm swept across the west of France overnight, bringing down trees and power lines.",
    "Gusts of up to 150 kilometres per hour were recorded on the coast of Finistère, according to the national weather service, which had issued its highest alert level for the region on Thursday afternoon.",
    "The grid operator said it had mobilised 2,000 technicians and hoped to restore power to most customers by the weekend, although isolated villages could wait several more days.",
    "Schools remained closed across four departments, and rail traffic between Rennes and Brest was suspended while crews cleared fallen trees from the tracks.",
  ],
};

/** German: refused, the pipeline translates French only. */
export const HAUSHALT: ArticleText = {
  title: "Stadtrat beschließt Haushalt nach langer Debatte",
  paragraphs: [
    "Der Stadtrat hat am Dienstagabend nach mehr als vier Stunden Debatte den Haushalt für das kommende Jahr verabschiedet. Die Ausgaben steigen um sechs Prozent auf knapp 900 Millionen Euro.",
    "Der größte Posten entfällt auf die Sanierung von Schulen und Kindergärten, für die in den nächsten beiden Jahren zusammen 120 Millionen Euro vorgesehen sind. Außerdem sollen drei neue Radwege gebaut werden.",
    "Die Opposition kritisierte die wachsende Verschuldung der Stadt und warf der Bürgermeisterin vor, notwendige Einsparungen immer weiter aufzuschieben. Die Verwaltung verwies dagegen auf die gestiegenen Energiekosten.",
    "Der Haushalt muss noch von der Aufsichtsbehörde genehmigt werden, was in der Regel einige Wochen dauert.",
  ],
};

/** The article as a scraped text file: title line, then one paragraph a line. */
export function asText(article: ArticleText): string {
  return `${[article.title, ...article.paragraphs].join("\n")}\n`;
}
