//! Field-level differences between two revisions of a practice.

use serde::Serialize;
use serde_json::Value;

use crate::practice::PracticeContent;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// Dotted path, e.g. `texts.en.title` or `reach.users`.
    pub field: String,
    pub before: Value,
    pub after: Value,
}

fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&path, v, out);
            }
        }
        // Lists are compared whole: a reader wants "channels: [sms] → [sms, app]".
        other => out.push((prefix.to_string(), other.clone())),
    }
}

pub fn diff(before: &PracticeContent, after: &PracticeContent) -> Vec<FieldChange> {
    let to_flat = |c: &PracticeContent| {
        let mut out = Vec::new();
        flatten(
            "",
            &serde_json::to_value(c).unwrap_or(Value::Null),
            &mut out,
        );
        out.into_iter()
            .filter(|(_, v)| {
                !matches!(v, Value::Null)
                    && *v != Value::Array(vec![])
                    && *v != Value::Object(Default::default())
                    && *v != Value::String(String::new())
            })
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let (a, b) = (to_flat(before), to_flat(after));
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let (x, y) = (
                a.get(k).cloned().unwrap_or(Value::Null),
                b.get(k).cloned().unwrap_or(Value::Null),
            );
            (x != y).then(|| FieldChange {
                field: k.clone(),
                before: x,
                after: y,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::PracticeText;

    #[test]
    fn reports_changed_added_and_removed_fields() {
        let mut a = PracticeContent {
            original_language: "en".into(),
            country: "ES".into(),
            ..Default::default()
        };
        a.texts.insert(
            "en".into(),
            PracticeText {
                title: "Old".into(),
                ..Default::default()
            },
        );
        a.channels = vec!["sms".into()];
        let mut b = a.clone();
        b.texts.get_mut("en").unwrap().title = "New".into();
        b.channels.push("mobile_app".into());
        b.reach.users = Some(10);
        b.country = "FR".into();
        let d = diff(&a, &b);
        let fields: Vec<_> = d.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["channels", "country", "reach.users", "texts.en.title"]
        );
        assert_eq!(d[3].before, Value::String("Old".into()));
        assert!(diff(&a, &a).is_empty());
    }
}
