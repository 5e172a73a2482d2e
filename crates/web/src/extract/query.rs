//! The query string as ordered pairs, so parameters can repeat
//! (`?country=ES&country=FR`) and carry lists (`?country=ES,FR`). Unknown
//! parameters and malformed numbers are 400 `invalid_query`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::error::AppError;

#[derive(Debug, Clone, Default)]
pub struct QueryPairs(pub Vec<(String, String)>);

impl QueryPairs {
    pub fn parse(query: &str) -> Self {
        QueryPairs(
            form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// Refuses parameters the endpoint does not know.
    pub fn allow(&self, known: &[&str]) -> Result<(), AppError> {
        match self.0.iter().find(|(k, _)| !known.contains(&k.as_str())) {
            Some((k, _)) => Err(AppError::InvalidQuery {
                field: k.clone(),
                code: "unknown_parameter",
            }),
            None => Ok(()),
        }
    }

    /// Every value of a repeatable, comma-separated parameter; empty pieces dropped.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// A single-valued parameter: repeating it is an error; empty means absent.
    pub fn one(&self, name: &str) -> Result<Option<String>, AppError> {
        Ok(self.given(name)?.filter(|v| !v.is_empty()))
    }

    /// A single-valued parameter as given, trimmed, empty or not; repeating it is an error.
    fn given(&self, name: &str) -> Result<Option<String>, AppError> {
        let mut values = self
            .0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim());
        let first = values.next();
        if values.next().is_some() {
            return Err(AppError::InvalidQuery {
                field: name.to_string(),
                code: "repeated_parameter",
            });
        }
        Ok(first.map(str::to_string))
    }

    /// `true` or `false`; like an integer, an empty value is refused.
    pub fn bool(&self, name: &str) -> Result<Option<bool>, AppError> {
        match self.given(name)?.as_deref() {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(_) => Err(AppError::InvalidQuery {
                field: name.to_string(),
                code: "not_a_boolean",
            }),
        }
    }

    /// An integer parameter. Unlike text, an empty value (`limit=`) is not
    /// taken as absent: it is not an integer, as the OpenAPI document says.
    pub fn int(&self, name: &str) -> Result<Option<i64>, AppError> {
        match self.given(name)? {
            None => Ok(None),
            Some(v) => v
                .parse::<i64>()
                .map(Some)
                .map_err(|_| AppError::InvalidQuery {
                    field: name.to_string(),
                    code: "not_an_integer",
                }),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(QueryPairs::parse(parts.uri.query().unwrap_or("")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_and_comma_separated_values_combine() {
        let q = QueryPairs::parse("country=ES,fr&country=DE&limit=5&x=");
        assert_eq!(q.list("country"), vec!["ES", "fr", "DE"]);
        assert_eq!(q.int("limit").ok().flatten(), Some(5));
        assert!(q.allow(&["country", "limit"]).is_err());
        assert!(q.allow(&["country", "limit", "x"]).is_ok());
        assert!(QueryPairs::parse("limit=a").int("limit").is_err());
        assert!(QueryPairs::parse("limit=1&limit=2").int("limit").is_err());
        assert!(QueryPairs::parse("limit=").int("limit").is_err());
        assert!(QueryPairs::parse("limit=&q=").one("q").unwrap().is_none());
    }
}
