import { encodeGlobalID } from '@pothos/plugin-relay';
import { EmployeeRef } from '../employees/types.js';
import { builder } from '../graphql/builder.js';
import { anyOf } from '../graphql/pagination.js';
import { countyName } from './counties.js';
import { formatCui } from './cui.js';
import type { PartnerRow } from './partner-values.js';
import {
  ContactRef,
  loadContactsOfPartners,
  loadSitesOfPartners,
  SiteRef,
  type SiteRow,
} from './site-types.js';
import { partners } from './tables.js';
import { NotFoundError } from '../errors.js';

export const PartnerKindEnum = builder.enumType('PartnerKind', {
  values: {
    LEAD: { description: 'A prospect, not yet a customer.' },
    CUSTOMER: { description: 'A partner with a won sale, or recorded as a customer.' },
  } as const,
});

export const PartnerRef = builder.loadableNode('Partner', {
  description: 'A company or person the business deals with (partener): a customer or a lead.',
  id: { resolve: (partner: PartnerRow) => partner.id },
  load: async (ids: string[], context) => {
    const rows = await context.db.select().from(partners).where(anyOf(partners.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('partner', id));
  },
  fields: (t) => ({
    name: t.exposeString('name'),
    taxId: t.string({
      nullable: true,
      description: 'CUI as written on invoices: RO and the digits for a VAT payer.',
      resolve: (partner) =>
        partner.taxId ? formatCui({ digits: partner.taxId, vatPayer: partner.vatPayer }) : null,
    }),
    taxIdDigits: t.exposeString('taxId', {
      nullable: true,
      description: 'CUI digits without the RO prefix.',
    }),
    vatPayer: t.exposeBoolean('vatPayer'),
    tradeRegisterNumber: t.exposeString('tradeRegisterNumber', { nullable: true }),
    locality: t.exposeString('locality', { nullable: true }),
    county: t.exposeString('county', { nullable: true, description: 'County code, such as CJ.' }),
    countyName: t.string({
      nullable: true,
      resolve: (partner) => (partner.county ? countyName(partner.county) : null),
    }),
    turnover: t.expose('turnover', { type: 'Decimal', nullable: true, description: 'In RON.' }),
    employeeCount: t.exposeInt('employeeCount', { nullable: true }),
    activityDomain: t.exposeString('activityDomain', { nullable: true }),
    salesRep: t.field({
      type: EmployeeRef,
      nullable: true,
      resolve: (partner) => partner.salesRepId,
    }),
    serviceRep: t.field({
      type: EmployeeRef,
      nullable: true,
      resolve: (partner) => partner.serviceRepId,
    }),
    competitors: t.exposeStringList('competitors'),
    activitiesOfInterest: t.exposeStringList('activitiesOfInterest', {
      description: "The company's own activities that interest the partner.",
    }),
    notes: t.exposeString('notes', { nullable: true }),
    isLead: t.exposeBoolean('isLead'),
    kind: t.field({
      type: PartnerKindEnum,
      resolve: (partner) => (partner.isLead ? 'LEAD' : 'CUSTOMER'),
    }),
    customerSince: t.expose('customerSince', { type: 'DateTime', nullable: true }),
    leadCampaignId: t.id({
      nullable: true,
      description: 'Id of the campaign that brought the lead.',
      resolve: (partner) =>
        partner.leadCampaignId ? encodeGlobalID('Campaign', partner.leadCampaignId) : null,
    }),
    externalId: t.exposeString('externalId', { nullable: true, description: 'Id in an ERP.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    sites: t.loadableList({
      type: SiteRef,
      load: (ids: string[], context) => loadSitesOfPartners(context.db, ids),
      resolve: (partner) => partner.id,
    }),
    contacts: t.loadableList({
      type: ContactRef,
      load: (ids: string[], context) => loadContactsOfPartners(context.db, ids),
      resolve: (partner) => partner.id,
    }),
  }),
});

builder.objectField(SiteRef, 'partner', (t) =>
  t.field({ type: PartnerRef, resolve: (site: SiteRow) => site.partnerId }),
);

builder.objectField(ContactRef, 'partner', (t) =>
  t.field({ type: PartnerRef, resolve: (contact) => contact.partnerId }),
);
