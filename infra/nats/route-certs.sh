#!/bin/sh
# docker-compose's one-shot `nats-route-certs`: DIGIT's private CA for the routes between the three
# NATS nodes (infra/nats/cluster.conf, mutual TLS) and the certificate they share, made once into
# the `nats-tls` volume. Development only: production issues these from its own PKI.
set -eu
dir=/etc/nats/tls
if [ -f "$dir/route.crt" ]; then exit 0; fi
apk add --no-cache openssl >/dev/null
openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj "/CN=DIGIT NATS routes CA" -keyout "$dir/ca.key" -out "$dir/ca.crt"
openssl req -newkey rsa:3072 -nodes -subj "/CN=digit-nats-route" -keyout "$dir/route.key" -out "$dir/route.csr"
printf 'subjectAltName=DNS:nats-1,DNS:nats-2,DNS:nats-3\nextendedKeyUsage=serverAuth,clientAuth\n' > "$dir/route.ext"
openssl x509 -req -in "$dir/route.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 825 -extfile "$dir/route.ext" -out "$dir/route.crt"
# The CA's key signs nothing else: it does not stay beside the certificates.
rm -f "$dir/route.csr" "$dir/route.ext" "$dir/ca.key" "$dir/ca.srl"
chmod 0644 "$dir/ca.crt" "$dir/route.crt" "$dir/route.key"
