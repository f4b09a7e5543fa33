Feature: IMAGE references
  IMAGE lists ordered alternatives (mirrors) of one image: http and https URLs, OCI registry
  references (oci://registry[:port]/repository[:tag][@sha256:<64 hex>]) and local file:// paths.
  Every entry is parsed when the configuration is loaded, so a malformed one is a configuration
  error naming file, line and key, long before a disk is touched.

  Scenario Outline: Web and file references keep their parts (<ref>)
    When booty parses the image reference "<ref>"
    Then it is a "<scheme>" reference to host "<host>" and path "<path>"
    And it reads back exactly as written

    Examples:
      | ref                                          | scheme | host             | path               |
      | http://10.100.0.10/images/test.img           | http   | 10.100.0.10      | /images/test.img   |
      | https://images.example.com:8443/os.img.zst   | https  | images.example.com:8443 | /os.img.zst |
      | https://user:pw@images.local/os.img.gz       | https  | images.local     | /os.img.gz         |
      | HTTPS://Images.Local/a.img?sig=abc#frag       | https  | Images.Local     | /a.img             |
      | http://[fd00::10]:8080/os.img                | http   | [fd00::10]:8080  | /os.img            |
      | http://img_server.lab/os.img                 | http   | img_server.lab   | /os.img            |
      | file:///srv/images/os.img                    | file   |                  | /srv/images/os.img |
      | file://localhost/srv/os.img                  | file   |                  | /srv/os.img        |

  Scenario Outline: OCI references follow the distribution grammar (<ref>)
    When booty parses the image reference "<ref>"
    Then it is an OCI reference to registry "<registry>", repository "<repository>", tag "<tag>" and digest "<digest>"
    And the registry client is given "<client>"
    And it reads back exactly as written

    Examples:
      | ref                                                                                                | registry             | repository         | tag    | digest                                                                  | client                                                                                       |
      | oci://ghcr.io/org/image:latest                                                                     | ghcr.io              | org/image          | latest |                                                                         | ghcr.io/org/image:latest                                                                     |
      | oci://localhost:5000/test:v1                                                                       | localhost:5000       | test               | v1     |                                                                         | localhost:5000/test:v1                                                                       |
      | oci://localhost/prod/ubuntu                                                                        | localhost            | prod/ubuntu        |        |                                                                         | localhost/prod/ubuntu                                                                        |
      | oci://registry.example.com/os/ubuntu_24.04/base-image:24.04.1-rc_2                                 | registry.example.com | os/ubuntu_24.04/base-image | 24.04.1-rc_2 |                                                         | registry.example.com/os/ubuntu_24.04/base-image:24.04.1-rc_2                                 |
      | oci://registry.example.com/repo@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef     | registry.example.com | repo | | sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | registry.example.com/repo@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef |
      | oci://10.0.0.5:5000/a/b:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | 10.0.0.5:5000        | a/b                | 1      | sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | 10.0.0.5:5000/a/b:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef |
      | oci://[::1]:5000/os__x/y--z:t                                                                      | [::1]:5000           | os__x/y--z         | t      |                                                                         | [::1]:5000/os__x/y--z:t                                                                      |

  Scenario Outline: Malformed references are refused with the reason (<ref>)
    When booty parses the image reference "<ref>"
    Then parsing fails with "<message>"

    Examples:
      | ref                                        | message                                                                                                        |
      | ftp://mirror/os.img                        | not an image reference (http, https, oci or file URL): 'ftp://mirror/os.img'                                   |
      | /srv/images/os.img                         | not an image reference (http, https, oci or file URL): '/srv/images/os.img'                                    |
      | images.local/os.img                        | not an image reference (http, https, oci or file URL): 'images.local/os.img'                                   |
      | https://:8080/os.img                       | not an http(s) URL with a host: 'https://:8080/os.img'                                                         |
      | https://h.local:99999/os.img               | not an http(s) URL with a host: 'https://h.local:99999/os.img'                                                 |
      | http://h.local:0/os.img                    | not an http(s) URL with a host: 'http://h.local:0/os.img'                                                      |
      | http://[fd00::1/os.img                     | not an http(s) URL with a host: 'http://[fd00::1/os.img'                                                       |
      | https://user:secret@bad!host/os.img        | not a valid host name 'bad!host' in 'https://***@bad!host/os.img'                                              |
      | http://h.local/os img                      | white space or control characters in image reference: 'http://h.local/os img'                                 |
      | file://images/os.img                       | not a local file URL (file:///absolute/path/to/image): 'file://images/os.img'                                  |
      | file:///                                   | not a local file URL (file:///absolute/path/to/image): 'file:///'                                              |
      | oci://org/image:1                          | bad OCI reference 'oci://org/image:1': 'org' is not a registry host (it needs a dot or a port, or is localhost); Docker Hub is not assumed: write oci://docker.io/... |
      | oci://ghcr.io                              | bad OCI reference 'oci://ghcr.io': it needs a registry and a repository, as in oci://ghcr.io/org/image:tag     |
      | oci://ghcr.io/                             | bad OCI reference 'oci://ghcr.io/': it needs a registry and a repository, as in oci://ghcr.io/org/image:tag    |
      | oci://ghcr.io/Org/image:1                  | bad OCI reference 'oci://ghcr.io/Org/image:1': repository component 'Org' must be lower-case letters and digits, separated by . _ __ or - |
      | oci://ghcr.io/org//image:1                 | bad OCI reference 'oci://ghcr.io/org//image:1': repository component '' must be lower-case letters and digits, separated by . _ __ or - |
      | oci://ghcr.io/org/image-:1                 | bad OCI reference 'oci://ghcr.io/org/image-:1': repository component 'image-' must be lower-case letters and digits, separated by . _ __ or - |
      | oci://ghcr.io/org/image:                   | bad OCI reference 'oci://ghcr.io/org/image:': '' is not a tag (letters, digits, _ . -; at most 128; no leading . or -) |
      | oci://ghcr.io/org/image:-x                 | bad OCI reference 'oci://ghcr.io/org/image:-x': '-x' is not a tag (letters, digits, _ . -; at most 128; no leading . or -) |
      | oci://ghcr.io/org/image@sha256:abc         | bad OCI reference 'oci://ghcr.io/org/image@sha256:abc': the digest must be sha256:<64 hex digits> or sha512:<128 hex digits>, lower case |
      | oci://ghcr.io/org/image@md5:0123456789abcdef0123456789abcdef | bad OCI reference 'oci://ghcr.io/org/image@md5:0123456789abcdef0123456789abcdef': the digest must be sha256:<64 hex digits> or sha512:<128 hex digits>, lower case |
      | oci://ghcr.io:0/org/image:1                | bad OCI reference 'oci://ghcr.io:0/org/image:1': port 0 is not 1 to 65535                                      |
      | oci://ghcr.io:70000/org/image:1            | bad OCI reference 'oci://ghcr.io:70000/org/image:1': port 70000 is not 1 to 65535                              |
      | oci://-ghcr.io/org/image:1                 | bad OCI reference 'oci://-ghcr.io/org/image:1': '-ghcr.io' is not a registry host name                         |
      | oci://[fd00::zz]:5000/org/image:1          | bad OCI reference 'oci://[fd00::zz]:5000/org/image:1': '[fd00::zz]:5000' is not a registry host[:port]        |
      | oci://[1:2:3]:5000/org/image:1             | bad OCI reference 'oci://[1:2:3]:5000/org/image:1': [1:2:3] is not an IPv6 address                             |
      | oci://ghcr.io:5000:1/org/image:1           | bad OCI reference 'oci://ghcr.io:5000:1/org/image:1': 'ghcr.io:5000:1' is not a registry host[:port]          |

  Scenario: A name longer than the grammar allows is refused
    When booty parses an OCI reference whose name is 256 characters long
    Then parsing fails with a message ending "the name is longer than 255 characters"

  Scenario: A tag longer than 128 characters is refused
    When booty parses an OCI reference whose tag is 129 characters long
    Then parsing fails with a message ending "is not a tag (letters, digits, _ . -; at most 128; no leading . or -)"

  Scenario: Credentials never appear in the parts or the repr
    When booty parses the image reference "https://user:hunter22@images.local/os.img.gz"
    Then the text "hunter22" appears in neither the repr nor the redacted form

  Scenario: IMAGE entries are ordered alternatives, kept in the order written
    When booty loads a vars file whose line 1 is IMAGE="https://a.local/os.img.gz, oci://ghcr.io/o/os:1 file:///srv/os.img"
    Then IMAGE is the list "https://a.local/os.img.gz", "oci://ghcr.io/o/os:1", "file:///srv/os.img"

  Scenario Outline: A malformed IMAGE entry is a configuration error with file, line and key (<images>)
    When booty loads a vars file whose line 2 is IMAGE="<images>"
    Then loading fails with the problem "vars:2: IMAGE: <reason>"

    Examples:
      | images                                          | reason                                                                                      |
      | https://a.local/os.img oci://ghcr.io/Org/os:1   | bad OCI reference 'oci://ghcr.io/Org/os:1': repository component 'Org' must be lower-case letters and digits, separated by . _ __ or - |
      | file://os.img,https://a.local/os.img            | not a local file URL (file:///absolute/path/to/image): 'file://os.img'                     |
      | oci://ubuntu:24.04                              | bad OCI reference 'oci://ubuntu:24.04': it needs a registry and a repository, as in oci://ghcr.io/org/image:tag |
