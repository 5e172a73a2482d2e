//! Public lists and counts whose cost is the page, not the registry: the
//! search engine answers them (exact totals and facet counts in one pass), and
//! the database, through its indexes, when the engine is not there or cannot.

use std::collections::{BTreeMap, HashMap};

use super::{Hub, PracticeQuery};
use crate::accounts::Actor;
use crate::curation::Status;
use crate::error::{CoreError, CoreResult};
use crate::practice::{
    Page, Practice, PracticeContent, PracticeCounts, PracticeFilter, PracticeSort,
};
use crate::search::{EngineResults, MAX_SEARCH_OFFSET, SearchQuery, SearchSort};
use crate::slug::name_slug;

impl Hub {
    /// Asks the engine, taking a turn at the CPU gate. `None` when there is no
    /// engine or it is not ready: the caller asks the database instead.
    async fn ask_engine(&self, query: SearchQuery) -> CoreResult<Option<EngineResults>> {
        let Ok(engine) = self.engine() else {
            return Ok(None);
        };
        let turn = self.work.enter().await?;
        let found = engine.search(query).await;
        drop(turn);
        match found {
            Ok(r) => Ok(Some(r)),
            Err(CoreError::SearchUnavailable(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A public list in the index's order (newest first) from the engine, whose
    /// total costs no COUNT over the filters. `None` for what the index cannot
    /// answer: other states (the owner's view), organisations, `updated_since`,
    /// other orders, pages past the engine's depth.
    pub(super) async fn list_from_index(
        &self,
        filter: &PracticeFilter,
        sort: PracticeSort,
        limit: i64,
        offset: i64,
    ) -> CoreResult<Option<Page<Practice>>> {
        if sort != PracticeSort::UpdatedDesc
            || filter.status != [Status::Published]
            || !filter.organisation.is_empty()
            || filter.updated_since.is_some()
            || filter.visible_to_owner.is_some()
            || offset as usize > MAX_SEARCH_OFFSET
        {
            return Ok(None);
        }
        let mut cdhi = filter.cdhi_v1.clone();
        cdhi.extend(filter.cdhi_v2.iter().cloned());
        let filters: BTreeMap<String, Vec<String>> = [
            ("country", filter.country.clone()),
            ("region", filter.region.clone()),
            ("ncd_focus", filter.ncd.clone()),
            ("cdhi", cdhi),
            ("channel", filter.channel.clone()),
            ("stage", filter.stage.clone()),
            ("evidence", filter.evidence.clone()),
        ]
        .into_iter()
        .filter(|(_, values)| !values.is_empty())
        .map(|(name, values)| (name.to_string(), values))
        .collect();
        let Some(found) = self
            .ask_engine(SearchQuery {
                q: String::new(),
                lang: "en".into(),
                filters,
                statuses: vec![Status::Published.as_str().to_string()],
                sort: SearchSort::Newest,
                limit: limit as usize,
                offset: offset as usize,
            })
            .await?
        else {
            return Ok(None);
        };
        let ids: Vec<i64> = found.hits.iter().map(|h| h.id).collect();
        let mut stored = self.practices_by_id(&ids).await?;
        // The database is the truth: a practice unpublished since it was indexed is left out.
        let items = ids
            .iter()
            .filter_map(|id| stored.remove(id))
            .filter(|p| p.status == Status::Published)
            .collect();
        Ok(Some(Page {
            items,
            total: i64::try_from(found.total).unwrap_or(i64::MAX),
            limit,
            offset,
        }))
    }

    /// Published practices (of `country`, or all) counted per facet value: from
    /// the engine's facets, else from one aggregate statement. Public.
    pub async fn practice_counts(&self, country: Option<&str>) -> CoreResult<PracticeCounts> {
        let filters = country
            .map(|c| BTreeMap::from([("country".to_string(), vec![c.to_string()])]))
            .unwrap_or_default();
        let found = self
            .ask_engine(SearchQuery {
                q: String::new(),
                lang: "en".into(),
                filters,
                statuses: vec![Status::Published.as_str().to_string()],
                sort: SearchSort::Newest,
                limit: 1,
                offset: 0,
            })
            .await?;
        let mut counts = match found {
            Some(found) => PracticeCounts {
                total: i64::try_from(found.total).unwrap_or(i64::MAX),
                values: PracticeCounts::FACETS
                    .iter()
                    .map(|facet| {
                        let values = found
                            .facets
                            .get(*facet)
                            .into_iter()
                            .flatten()
                            .filter(|(_, n)| *n > 0)
                            .map(|(v, n)| (v.clone(), i64::try_from(*n).unwrap_or(i64::MAX)))
                            .collect();
                        (facet.to_string(), values)
                    })
                    .filter(|(_, values): &(String, BTreeMap<String, i64>)| !values.is_empty())
                    .collect(),
            },
            None => self.repo.published_practice_counts(country).await?,
        };
        // The engine counts a facet without its own selection: within one
        // country, counts per country say nothing.
        if country.is_some() {
            counts.values.remove("country");
        }
        Ok(counts)
    }

    /// Organisations linked to the published practices of a country. Public.
    pub async fn country_organisation_count(&self, iso2: &str) -> CoreResult<i64> {
        self.repo.published_organisation_count(iso2).await
    }

    /// Organisation name → slug of its page, for the organisations a practice
    /// names that exist, in one look-up by slug (the rule that links names to
    /// organisations when a practice is saved). A merged organisation's name
    /// leads to the one it became.
    pub async fn organisation_links(
        &self,
        content: &PracticeContent,
    ) -> CoreResult<BTreeMap<String, String>> {
        let mut slugs: Vec<String> = content
            .organisations
            .iter()
            .map(|o| name_slug(&o.name))
            .collect();
        slugs.sort();
        slugs.dedup();
        let current: HashMap<String, String> = self
            .repo
            .organisation_slugs(&slugs)
            .await?
            .into_iter()
            .collect();
        Ok(content
            .organisations
            .iter()
            .filter_map(|o| {
                current
                    .get(&name_slug(&o.name))
                    .map(|slug| (o.name.clone(), slug.clone()))
            })
            .collect())
    }

    /// A page of the list without its total, for pages that count elsewhere
    /// (the country and organisation pages).
    pub async fn practices_page(
        &self,
        actor: &Actor,
        q: &PracticeQuery,
    ) -> CoreResult<Vec<Practice>> {
        let (filter, sort, limit, offset) = self.practice_filter(actor, q)?;
        let mut items = self
            .repo
            .practices_page(&filter, sort, limit, offset)
            .await?;
        if actor.account.is_none() {
            for p in &mut items {
                p.content.contacts.clear();
            }
        }
        Ok(items)
    }
}
