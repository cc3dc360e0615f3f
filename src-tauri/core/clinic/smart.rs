//! SMART App Launch v2, standalone patient launch for a public client:
//! discovery, PKCE (S256), the authorization URL and the token requests.

use super::address::check_endpoint;
use super::scopes::SCOPES;
use super::{answer, ClinicAddress, ClinicError, Result};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use url::Url;
use zeroize::Zeroizing;

/// Registered with the clinic as a public client (no secret on a desktop).
pub const CLIENT_ID: &str = "alongside";
#[derive(Debug, Clone, Deserialize)]
pub struct SmartConfig {
    pub authorization_endpoint: Url,
    pub token_endpoint: Url,
    #[serde(default)]
    pub code_challenge_methods_supported: Vec<String>,
}

impl SmartConfig {
    pub fn discovery_url(base: &ClinicAddress) -> Result<Url> {
        base.join(".well-known/smart-configuration")
    }

    /// The clinic's sign-in endpoints, checked like the address the member
    /// typed before anything is opened or sent to them.
    pub async fn discover(http: &reqwest::Client, base: &ClinicAddress) -> Result<Self> {
        let response = http
            .get(Self::discovery_url(base)?)
            .header("accept", "application/json")
            .send()
            .await
            .map_err(ClinicError::unreachable)?;
        if !response.status().is_success() {
            return Err(ClinicError::NoSmart);
        }
        let body = answer::read(response).await?;
        let config: Self = serde_json::from_slice(&body).map_err(|_| ClinicError::NoSmart)?;
        check_endpoint(&config.authorization_endpoint)?;
        check_endpoint(&config.token_endpoint)?;
        // A public client without PKCE could have its code stolen on the way back.
        if !config
            .code_challenge_methods_supported
            .iter()
            .any(|m| m == "S256")
        {
            return Err(ClinicError::NoSmart);
        }
        Ok(config)
    }

    pub fn authorize_url(
        &self,
        base: &ClinicAddress,
        redirect_uri: &str,
        state: &str,
        pkce: &Pkce,
    ) -> Url {
        let mut url = self.authorization_endpoint.clone();
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", CLIENT_ID)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("scope", &SCOPES)
            .append_pair("state", state)
            .append_pair("aud", base.as_str())
            .append_pair("code_challenge", &pkce.challenge)
            .append_pair("code_challenge_method", "S256");
        url
    }

    pub async fn exchange_code(
        &self,
        http: &reqwest::Client,
        code: &str,
        redirect_uri: &str,
        pkce: &Pkce,
    ) -> Result<Tokens> {
        token_request(
            http,
            &self.token_endpoint,
            &[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", redirect_uri),
                ("client_id", CLIENT_ID),
                ("code_verifier", &pkce.verifier),
            ],
        )
        .await
        .map_err(|e| match e {
            // Whatever the reason, this sign-in is over; the member starts again.
            ClinicError::Server { status: 400..=499 } => ClinicError::Refused,
            other => other,
        })
    }
}

/// New access with the saved sign-in, at the token endpoint found when
/// signing in (the caller checks it as read back from storage). Only a
/// clinic that says the grant is no longer valid ends the sign-in
/// (`Expired`); a throttle is `Busy`, anything else an error that keeps it.
pub async fn refresh(
    http: &reqwest::Client,
    token_endpoint: &Url,
    refresh_token: &str,
) -> Result<Tokens> {
    token_request(
        http,
        token_endpoint,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", CLIENT_ID),
        ],
    )
    .await
    .map_err(|e| match e {
        ClinicError::Refused => ClinicError::Expired,
        other => other,
    })
}

/// One token request. `Refused` means the grant itself was turned down
/// (`invalid_grant`); other refusals are `Server` with their status.
async fn token_request(
    http: &reqwest::Client,
    endpoint: &Url,
    form: &[(&str, &str)],
) -> Result<Tokens> {
    let response = http
        .post(endpoint.clone())
        .header("accept", "application/json")
        .form(form)
        .send()
        .await
        .map_err(ClinicError::unreachable)?;
    let status = response.status().as_u16();
    match status {
        // A token endpoint's 400 or 401 is a refused grant, or its error.
        400 | 401 => {
            return Err(if invalid_grant(response).await {
                ClinicError::Refused
            } else {
                ClinicError::Server { status }
            })
        }
        _ => {
            if let Some(refused) = answer::refusal(status, Some(response.headers())) {
                return Err(refused);
            }
        }
    }
    let body = answer::read(response).await?;
    let raw: RawTokens = serde_json::from_slice(&body).map_err(|_| ClinicError::Malformed)?;
    if !raw.token_type.eq_ignore_ascii_case("bearer") {
        return Err(ClinicError::Malformed);
    }
    Ok(Tokens {
        access: Zeroizing::new(raw.access_token),
        refresh: raw.refresh_token.map(Zeroizing::new),
        patient: raw.patient,
        scope: raw.scope,
    })
}

/// Whether a refusal from the token endpoint is RFC 6749's `invalid_grant`
/// (the code or refresh token is not, or no longer, valid), in the JSON
/// body or, for a 401, in its `WWW-Authenticate` challenge.
async fn invalid_grant(response: reqwest::Response) -> bool {
    #[derive(Deserialize)]
    struct OAuthError {
        error: String,
    }
    let challenged = response
        .headers()
        .get_all(reqwest::header::WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("error=\"invalid_grant\""));
    if challenged && response.status().as_u16() == 401 {
        return true;
    }
    let Ok(body) = answer::read(response).await else {
        return false;
    };
    serde_json::from_slice::<OAuthError>(&body).is_ok_and(|e| e.error == "invalid_grant")
}

#[derive(Deserialize)]
struct RawTokens {
    access_token: String,
    token_type: String,
    refresh_token: Option<String>,
    patient: Option<String>,
    scope: Option<String>,
}

/// Tokens from one grant. No `Debug`: nothing here may be printed.
pub struct Tokens {
    pub access: Zeroizing<String>,
    pub refresh: Option<Zeroizing<String>>,
    pub patient: Option<String>,
    /// What the clinic granted, when it says (SMART requires it to).
    pub scope: Option<String>,
}

/// A PKCE verifier (kept here) and its S256 challenge (sent in the URL).
pub struct Pkce {
    verifier: Zeroizing<String>,
    pub challenge: String,
}

impl Pkce {
    pub fn new() -> Self {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(bytes.as_mut());
        let verifier = Zeroizing::new(URL_SAFE_NO_PAD.encode(&bytes[..]));
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        Self {
            verifier,
            challenge,
        }
    }
}

impl Default for Pkce {
    fn default() -> Self {
        Self::new()
    }
}

/// An unguessable `state` that ties the browser's answer to this sign-in.
pub fn new_state() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_matches_rfc_7636() {
        // Appendix B of RFC 7636.
        let pkce = Pkce {
            verifier: Zeroizing::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into()),
            challenge: String::new(),
        };
        assert_eq!(
            URL_SAFE_NO_PAD.encode(Sha256::digest(pkce.verifier.as_bytes())),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let fresh = Pkce::new();
        assert_eq!(fresh.verifier.len(), 43);
        assert_eq!(
            fresh.challenge,
            URL_SAFE_NO_PAD.encode(Sha256::digest(fresh.verifier.as_bytes()))
        );
        assert_ne!(Pkce::new().challenge, fresh.challenge);
    }

    #[test]
    fn the_authorize_url_carries_every_smart_parameter() {
        let base = ClinicAddress::parse("https://clinic.example/fhir/R4").unwrap();
        let config = SmartConfig {
            authorization_endpoint: Url::parse("https://auth.clinic.example/authorize").unwrap(),
            token_endpoint: Url::parse("https://auth.clinic.example/token").unwrap(),
            code_challenge_methods_supported: vec!["S256".into()],
        };
        let pkce = Pkce::new();
        let url = config.authorize_url(&base, "http://127.0.0.1:5000/callback", "st", &pkce);
        let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["client_id"], CLIENT_ID);
        assert_eq!(q["redirect_uri"], "http://127.0.0.1:5000/callback");
        assert_eq!(q["aud"], "https://clinic.example/fhir/R4");
        assert_eq!(q["state"], "st");
        assert_eq!(q["code_challenge"], pkce.challenge);
        assert_eq!(q["code_challenge_method"], "S256");
        assert!(q["scope"].contains("launch/patient") && q["scope"].contains("offline_access"));
    }

    mod fuzz {
        use super::*;
        use crate::clinic::fuzz::{config, shaped, text_of};
        use crate::clinic::scopes::Granted;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(config())]

            /// A token answer, read as `token_request` reads it: taken only
            /// as a bearer token, whatever else it holds.
            #[test]
            fn a_token_answer(answer in shaped(&[""], &[
                "/access_token",
                "/token_type",
                "/refresh_token",
                "/patient",
                "/scope",
                "/expires_in#n",
            ]), cut in 0usize..512) {
                let _ = serde_json::from_slice::<RawTokens>(&text_of(&answer, cut, None));
                let Ok(raw) = serde_json::from_slice::<RawTokens>(&text_of(&answer, 0, None)) else {
                    return Ok(());
                };
                prop_assert_eq!(&answer["access_token"], &serde_json::json!(raw.access_token));
                if raw.token_type.eq_ignore_ascii_case("bearer") {
                    let _ = Granted::parse(raw.scope.as_deref().unwrap_or_default()).abilities();
                } else {
                    prop_assert!(!answer["token_type"].as_str().unwrap_or_default().eq_ignore_ascii_case("bearer"));
                }
            }
        }
    }
}
