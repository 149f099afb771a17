import type { Stage } from '../opportunities/stages.js';

/** Loss reasons of the demo register, the first one meaning a competitor won. */
export const DEMO_LOSS_REASONS = [
  'Concurență prezentă',
  'Prețuri prea mari',
  'Buget amânat',
  'Fără răspuns',
] as const;

export const COMPETITOR_REASON = DEMO_LOSS_REASONS[0];

export const OPPORTUNITY_TITLES = [
  'Implementare modul ERP',
  'Abonament mentenanță 12 luni',
  'Licențe software 25 de posturi',
  'Modernizare rețea și servere',
  'Integrare e-Factura',
  'Instruire utilizatori',
  'Migrare date din aplicația veche',
  'Echipamente fiscale pentru magazine',
  'Găzduire cloud și backup',
  'Extindere contract de service',
] as const;

/** Romanian labels of the stages, as users know them. */
export const STAGE_LABELS: Record<Stage, string> = {
  NEW: 'Nouă',
  PRESENTATION: 'Prezentare',
  OFFER: 'Ofertă',
  NEGOTIATION: 'Negociere',
  SALE: 'Vânzare',
  LOST: 'Pierdută',
};

export const STAGE_NOTES: Record<Stage, readonly string[]> = {
  NEW: [
    'Cerere primită prin formularul de pe site.',
    'Clientul a sunat pentru informații.',
    'Contact nou de la târg.',
  ],
  PRESENTATION: [
    'Întâlnire la sediul clientului, cu demonstrație.',
    'Prezentare online cu echipa tehnică a clientului.',
  ],
  OFFER: [
    'Ofertă trimisă pe e-mail, valabilă 30 de zile.',
    'Ofertă revizuită cu discount de volum.',
  ],
  NEGOTIATION: ['Negociem termenii de plată și SLA-ul.', 'Contract trimis spre semnare.'],
  SALE: ['Contract semnat, factura a fost emisă.', 'Comanda a fost confirmată de client.'],
  LOST: ['Clientul a renunțat la proiect.', 'Oferta nu a fost acceptată.'],
};

export const SERVICE_TASKS = [
  {
    title: 'Intervenție imprimantă fiscală',
    description: 'Imprimanta fiscală nu tipărește bonuri.',
  },
  { title: 'Instalare actualizare ERP', description: 'Actualizare la ultima versiune.' },
  { title: 'Instruire utilizatori noi', description: 'Doi operatori noi la facturare.' },
  { title: 'Configurare server e-mail', description: 'Conturi noi pentru departamentul vânzări.' },
  { title: 'Verificare backup lunar', description: 'Test de restaurare a copiei de siguranță.' },
  { title: 'Mentenanță preventivă echipamente', description: 'Revizie trimestrială.' },
  { title: 'Migrare date contabile', description: 'Solduri inițiale din aplicația veche.' },
  { title: 'Reparație cântar electronic', description: 'Cântarul afișează erori de calibrare.' },
] as const;

export const SALES_TASKS = [
  {
    title: 'Sunați clientul pentru reînnoirea abonamentului',
    description: 'Abonamentul expiră luna viitoare.',
  },
  { title: 'Trimiteți documentația tehnică', description: 'Clientul a cerut fișele produselor.' },
  { title: 'Pregătiți oferta suplimentară', description: 'Licențe pentru încă un punct de lucru.' },
  { title: 'Confirmați întâlnirea', description: 'Întâlnire la sediul clientului.' },
] as const;

export const TASK_RESPONSES = [
  'Am preluat solicitarea, revin azi.',
  'Intervenție programată pentru mâine la ora 10.',
  'Am nevoie de acces la server, aștept datele de la client.',
  'Problema persistă, o trimit echipei tehnice.',
  'Clientul confirmă că totul funcționează.',
  'Rezolvat, am actualizat și documentația.',
] as const;
