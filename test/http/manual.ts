// The two responses of the application note's chapter 3, byte for byte. The note prints them
// across AT+QHTTPREAD answers: 1024 + 583 bytes for example.com (the first read ends inside
// "box-shado"), 354 bytes for the chunked JSON; the lengths below match those counts.
import { wire } from "./feed.js";

const CRLF = "\r\n";

export const EXAMPLE_HEAD = [
	"HTTP/1.1 200 OK",
	"Accept-Ranges: bytes",
	"Age: 557023",
	"Cache-Control: max-age=604800",
	"Content-Type: text/html; charset=UTF-8",
	"Date: Wed, 06 May 2020 14:04:53 GMT",
	"Etag: \"3147526947\"",
	"Expires: Wed, 13 May 2020 14:04:53 GMT",
	"Last-Modified: Thu, 17 Oct 2019 07:18:26 GMT",
	"Server: ECS (sjc/4E73)",
	"Vary: Accept-Encoding",
	"X-Cache: HIT",
	"Content-Length: 1256",
].join(CRLF) + CRLF + CRLF;

// Trailing spaces are part of the page (two lines end in spaces).
export const EXAMPLE_BODY = [
	"<!doctype html>",
	"<html>",
	"<head>",
	"    <title>Example Domain</title>",
	"",
	"    <meta charset=\"utf-8\" />",
	"    <meta http-equiv=\"Content-type\" content=\"text/html; charset=utf-8\" />",
	"    <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />",
	"    <style type=\"text/css\">",
	"    body {",
	"        background-color: #f0f0f2;",
	"        margin: 0;",
	"        padding: 0;",
	"        font-family: -apple-system, system-ui, BlinkMacSystemFont, \"Segoe UI\", \"Open Sans\", \"Helvetica Neue\", Helvetica, Arial, sans-serif;",
	"        ",
	"    }",
	"    div {",
	"        width: 600px;",
	"        margin: 5em auto;",
	"        padding: 2em;",
	"        background-color: #fdfdff;",
	"        border-radius: 0.5em;",
	"        box-shadow: 2px 3px 7px 2px rgba(0,0,0,0.02);",
	"    }",
	"    a:link, a:visited {",
	"        color: #38488f;",
	"        text-decoration: none;",
	"    }",
	"    @media (max-width: 700px) {",
	"        div {",
	"            margin: 0 auto;",
	"            width: auto;",
	"        }",
	"    }",
	"    </style>    ",
	"</head>",
	"",
	"<body>",
	"<div>",
	"    <h1>Example Domain</h1>",
	"    <p>This domain is for use in illustrative examples in documents. You may use this",
	"    domain in literature without prior coordination or asking for permission.</p>",
	"    <p><a href=\"https://www.iana.org/domains/example\">More information...</a></p>",
	"</div>",
	"</body>",
	"</html>",
	"",
].join("\n");

export const EXAMPLE = wire(EXAMPLE_HEAD + EXAMPLE_BODY);

export const TOKEN_JSON = "{\"code\":70029,\"msg\":\"Application information does not exist\"}";

export const TOKEN = wire([
	"HTTP/1.1 200 OK",
	"Server: nginx/1.16.1",
	"Date: Wed, 06 May 2020 14:40:44 GMT",
	"Content-Type: application/json;charset=utf-8",
	"Transfer-Encoding: chunked",
	"Connection: keep-alive",
	"X-Application-Context: quechub-portal:8087",
	"X-Frame-Options: SAMEORIGIN",
	"X-Content-Type-Options: nosniff",
	"",
	"3d",
	TOKEN_JSON,
	"0",
	"",
	"",
].join(CRLF));
