package dev.changeset.nativeimage;

import com.auth0.json.auth.BackChannelAuthorizeResponse;
import com.auth0.json.auth.BackChannelTokenResponse;
import com.auth0.json.auth.TokenHolder;
import com.auth0.json.auth.TokenHolderDeserializer;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * auth0-java parses Auth0's answers with its own Jackson {@code ObjectMapper} (not Quarkus' one, whose types
 * Quarkus registers), into classes it names through anonymous {@code TypeReference} subclasses. Jackson needs the
 * model classes' fields, methods and constructors, the deserializers named by {@code @JsonDeserialize}, and the
 * generic superclass of each {@code TypeReference} subclass. auth0-java ships no native-image configuration
 * (OkHttp, which it sends with, ships its own).
 */
@RegisterForReflection(targets = {
        BackChannelAuthorizeResponse.class, // answer of POST /bc-authorize (AuthAPI.authorizeBackChannel)
        BackChannelTokenResponse.class, // answer of the CIBA poll (AuthAPI.getBackChannelLoginStatus)
        TokenHolder.class, // answer of POST /oauth/token through com.auth0.net.TokenRequest (Token Vault exchange)
        TokenHolderDeserializer.class, // @JsonDeserialize(using = ...) on TokenHolder: created by reflection
}, classNames = {
        "com.auth0.client.auth.AuthAPI$1", // TypeReference<BackChannelAuthorizeResponse> of authorizeBackChannel
        "com.auth0.client.auth.AuthAPI$2", // TypeReference<BackChannelTokenResponse> of getBackChannelLoginStatus
        "com.auth0.net.TokenRequest$1", // TypeReference<TokenHolder> of every TokenRequest
})
final class Auth0Reflection {

    private Auth0Reflection() {
    }
}
