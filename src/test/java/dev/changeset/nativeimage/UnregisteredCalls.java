package dev.changeset.nativeimage;

import java.io.IOException;

import com.auth0.client.auth.AuthAPI;
import com.auth0.exception.Auth0Exception;
import com.google.api.services.sheets.v4.Sheets;

/**
 * Never run: bytecode for {@link NativeRegistrationsTest} to scan, calling library methods whose reflective
 * types are deliberately not registered (spreadsheets.get answers a whole Spreadsheet; userInfo a UserInfo).
 */
final class UnregisteredCalls {

    private UnregisteredCalls() {
    }

    static Object spreadsheet(Sheets sheets) throws IOException {
        return sheets.spreadsheets().get("spreadsheet-id").execute();
    }

    static Object userInfo(AuthAPI auth) throws Auth0Exception {
        return auth.userInfo("access-token").execute().getBody();
    }
}
