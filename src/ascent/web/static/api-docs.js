// The REST API's docs page (/api/docs): Swagger UI on this app's own OpenAPI document.
// A static file because the content security policy forbids inline scripts;
// validatorUrl null: the default would send the document to validator.swagger.io.
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    validatorUrl: null,
    deepLinking: true,
    tryItOutEnabled: false,
  });
});
