//! Who is asking: a personal API token (`Authorization: Bearer mhub_…`), else
//! the session cookie, else nobody. The `csrf` middleware resolves it once per
//! request (checking the CSRF token of cookie-authenticated writes) and leaves
//! it in the request extensions for this extractor.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use mhub_core::CoreError;
use mhub_core::accounts::Actor;

use crate::AppState;
use crate::error::AppError;
use crate::extract::cookies;

/// How the request proved who it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    Anonymous,
    /// A personal API token: no ambient credential, so no CSRF check.
    Bearer,
    /// The session cookie; `token` is the cookie's secret, `csrf` the session's CSRF token.
    Session {
        token: String,
        csrf: String,
    },
}

#[derive(Debug, Clone)]
pub struct CurrentActor {
    pub actor: Actor,
    pub auth: Auth,
}

impl CurrentActor {
    pub fn anonymous() -> Self {
        CurrentActor {
            actor: Actor::anonymous(),
            auth: Auth::Anonymous,
        }
    }

    /// The actor, or 401 when nobody is signed in.
    pub fn require(&self) -> Result<&Actor, AppError> {
        if self.actor.account.is_some() {
            Ok(&self.actor)
        } else {
            Err(CoreError::Unauthenticated.into())
        }
    }
}

/// Resolves the actor from the request headers.
pub async fn resolve(state: &AppState, headers: &HeaderMap) -> Result<CurrentActor, AppError> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let value = value
            .to_str()
            .map_err(|_| AppError::Core(CoreError::Unauthenticated))?;
        let token = match value.split_once(' ') {
            Some((scheme, token))
                if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
            {
                token.trim()
            }
            _ => return Err(CoreError::Unauthenticated.into()),
        };
        // A wrong token is an error even on public endpoints: the client should know.
        return match state.hub.token_actor(token).await? {
            Some(actor) => Ok(CurrentActor {
                actor,
                auth: Auth::Bearer,
            }),
            None => Err(CoreError::Unauthenticated.into()),
        };
    }
    if let Some(token) = cookies::get(headers, state.config.session_cookie_name())
        && !token.is_empty()
        && token.len() <= 256
        && let Some((actor, csrf)) = state.hub.session_actor(token).await?
    {
        return Ok(CurrentActor {
            actor,
            auth: Auth::Session {
                token: token.to_string(),
                csrf,
            },
        });
    }
    // An expired or unknown session cookie is simply no session.
    Ok(CurrentActor::anonymous())
}

impl FromRequestParts<AppState> for CurrentActor {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(actor) = parts.extensions.get::<CurrentActor>() {
            return Ok(actor.clone());
        }
        let actor = resolve(state, &parts.headers).await?;
        if crate::middleware::csrf::is_state_changing(&parts.method)
            && let Auth::Session { csrf, .. } = &actor.auth
            && !crate::middleware::csrf::header_matches(&parts.headers, csrf)
        {
            return Err(AppError::CsrfFailed);
        }
        parts.extensions.insert(actor.clone());
        Ok(actor)
    }
}

/// The client's address for sign-in throttling: the socket peer, or the address a
/// trusted proxy forwarded (`trusted_proxies`, crate::proxy); "unknown" without a peer.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let addr = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| {
            state
                .config
                .trusted_proxies
                .client_ip(c.0.ip(), &parts.headers)
                .to_string()
        });
        Ok(ClientAddr(addr.unwrap_or_else(|| "unknown".to_string())))
    }
}
