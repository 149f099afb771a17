export const NESTED_PAGE = `query NestedPage {
  partners(first: 50) {
    edges { node {
      id name taxId locality county
      opportunities(first: 10) { edges { node { id title stage value } } }
      tasks(first: 20) { edges { node { id title status deadline responsible { id name } } } }
    } }
  }
}`;

export const FILTERED_LIST = `query FilteredList($county: String!, $minTurnover: Decimal!) {
  partners(first: 50, filter: { county: $county, turnoverMin: $minTurnover }) {
    edges { node { id name taxId locality county turnover } }
  }
}`;
