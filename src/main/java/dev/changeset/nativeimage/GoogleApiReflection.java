package dev.changeset.nativeimage;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonErrorContainer;
import com.google.api.client.googleapis.services.AbstractGoogleClientRequest;
import com.google.api.client.googleapis.services.json.AbstractGoogleJsonClientRequest;
import com.google.api.client.json.GenericJson;
import com.google.api.client.util.GenericData;
import com.google.api.services.gmail.Gmail;
import com.google.api.services.gmail.GmailRequest;
import com.google.api.services.gmail.model.ClassificationLabelValue;
import com.google.api.services.gmail.model.ClassificationLabelFieldValue;
import com.google.api.services.gmail.model.Message;
import com.google.api.services.gmail.model.MessagePart;
import com.google.api.services.gmail.model.MessagePartBody;
import com.google.api.services.gmail.model.MessagePartHeader;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.SheetsRequest;
import com.google.api.services.sheets.v4.model.AppendValuesResponse;
import com.google.api.services.sheets.v4.model.BatchGetValuesResponse;
import com.google.api.services.sheets.v4.model.BatchUpdateValuesRequest;
import com.google.api.services.sheets.v4.model.BatchUpdateValuesResponse;
import com.google.api.services.sheets.v4.model.UpdateValuesResponse;
import com.google.api.services.sheets.v4.model.ValueRange;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Google API clients (google-api-services-sheets v4, -gmail v1, on google-api-client and
 * google-http-client) map JSON to {@code GenericJson} subclasses and expand URL templates from
 * {@code GenericData} request objects by reflection: {@code ClassInfo} reads each class's declared {@code @Key}
 * fields (walking up the superclasses) and {@code Data.newInstance} calls the no-argument constructor. Nothing
 * registers these for native-image: google-http-client ships configuration only for its own classes. So every
 * request class we execute, its response and content classes, and every model type reachable through their
 * {@code @Key} fields are listed here with their fields, methods and constructors. The resource
 * {@code google-api-client.properties} goes in through {@code quarkus.native.resources.includes}: without it
 * {@code GoogleUtils} cannot read its version and the {@code Sheets} and {@code Gmail} classes fail to initialise.
 */
@RegisterForReflection(targets = {
        // Base classes: ClassInfo walks every superclass's declared fields.
        GenericData.class,
        GenericJson.class,
        // Request headers are GenericData too: setAuthorization and the transport read their @Key fields.
        com.google.api.client.http.HttpHeaders.class,
        // A request's URL is GenericData as well: telemetry.GoogleApiMeter reads its raw path for the method tag.
        com.google.api.client.http.GenericUrl.class,
        AbstractGoogleClientRequest.class,
        AbstractGoogleJsonClientRequest.class,

        // Error bodies: GoogleJsonResponseException parses every non-2xx answer into these.
        GoogleJsonErrorContainer.class,
        GoogleJsonError.class,
        GoogleJsonError.ErrorInfo.class,
        GoogleJsonError.Details.class,
        GoogleJsonError.ParameterViolations.class,

        // Sheets requests (path and query parameters are @Key fields of the request objects).
        SheetsRequest.class,
        Sheets.Spreadsheets.Values.Get.class, // read a range (catalog, launch schedule, read-back)
        Sheets.Spreadsheets.Values.BatchGet.class, // read several ranges in one call
        Sheets.Spreadsheets.Values.Update.class, // write one range
        Sheets.Spreadsheets.Values.BatchUpdate.class, // the changeset's one atomic RAW write
        Sheets.Spreadsheets.Values.Append.class, // append rows

        // Sheets bodies.
        ValueRange.class, // answer of Get, content of Update and Append, element of the batch bodies
        BatchGetValuesResponse.class, // answer of BatchGet
        BatchUpdateValuesRequest.class, // content of BatchUpdate
        BatchUpdateValuesResponse.class, // answer of BatchUpdate
        UpdateValuesResponse.class, // answer of Update, element of BatchUpdateValuesResponse and Append's answer
        AppendValuesResponse.class, // answer of Append

        // Gmail: users.messages.send with a base64url RFC 822 message in `raw`.
        GmailRequest.class,
        Gmail.Users.Messages.Send.class,
        Message.class, // content and answer of Send
        MessagePart.class, // Message.payload
        MessagePartBody.class, // MessagePart.body
        MessagePartHeader.class, // MessagePart.headers
        ClassificationLabelValue.class, // Message.classificationLabelValues
        ClassificationLabelFieldValue.class, // ClassificationLabelValue.fields
})
final class GoogleApiReflection {

    private GoogleApiReflection() {
    }
}
