//! THE list of KMIP 1.0–2.1 tags, enumerations and bit masks. Every other place derives from it.
//!
//! Each tag is `CONSTANT = value, "XmlName", "Specification Name";`. The XML/JSON name is the
//! specification name normalised by the rules of the KMIP Profiles (§5.4.1.1 / §5.5.1.1 in 1.x and
//! 2.x: brackets to spaces, a non-word character before a letter plus a lower-case letter becomes a
//! space, other non-word characters become `_`, leading digits of the first word move to its end,
//! words are capitalised and joined), so `IV/Counter/Nonce` is `IVCounterNonce`, `X.509 Certificate
//! Identifier` is `X_509CertificateIdentifier`, `3DES` is `DES3` and `SHA-256` is `SHA_256`. The
//! specification name is the KMIP 1.x Attribute Name for tags that are 1.x attributes. Enumeration
//! and mask values carry the XML/JSON name only.
//!
//! Tags that KMIP 2.0 turned into "(Reserved)" keep their 1.x names; enumeration values and mask
//! bits that 2.0/2.1 reserved keep theirs too (marked in the comments), so 1.x traffic still prints.
//!
//! Sources (each value was checked against at least two of them, except Processing Stage and
//! Rotate Name Type, new in 2.1, which come from the 2.1 text alone; where they disagree the OASIS
//! text wins and a comment says so):
//! * OASIS KMIP Specification v2.1 OS (HTML; mirrored in `appmonster007/kmip-adapter`,
//!   `docs/kmip-spec/v2.x/kmip-spec-v2.1-os.html` @8c5b933), tables of §11 (enumerations, tags)
//!   and §12 (bit masks), and the tables extracted from it and from the 1.2–1.4 and 2.0 HTML
//!   (`docs/kmip-spec/v{1,2}.x/scraped/*.md` @948cad7 / @177a793).
//! * PyKMIP 0.11.0 `kmip/core/enums.py` (OpenKMIP/PyKMIP, PyPI sdist): tags and enumerations of
//!   1.0–2.0, compared value by value.
//! * `cosmian_kmip` 5.28.0 (Cosmian/kms @4ab3ee6, `crate/kmip/src/kmip_{0,2_1}/kmip_types.rs`):
//!   the 2.1 additions.
//! * ThalesGroup/kmip-go `ttlv/kmip_1_4_specs.json` @3f68cac (1.4 names) and
//!   `internal/kmiputil/names.go` @3622b79 (the normalisation rules).
//! * OASIS XML test cases for the spellings: Cosmian/kmip `v2.0/XML/mandatory/CS-AC-M-OAEP-1-20.xml`
//!   @e00907b (`SHA_256`, `MGF1`, `X_509`), the 2.1 test case `TC-PKCS12-1-21.xml` @7758f41
//!   (`PKCS_12PasswordLink`, `TransparentRSAPrivateKey`, `CRTCoefficient`, `ContentCommitment`)
//!   and ovh/kmip-go `kmiptest/testdata/v1.{2,3}` @a6a3fe0 (`DES3`, `PolynomialSharingGF2_8`,
//!   `UninterpretedTextString`, `TemplateAttribute`).
//!
//! Not listed: the PKCS#11 Function and PKCS#11 Return Code enumerations (their values are those
//! of the PKCS#11 specification, not of KMIP) and the Tag enumeration (the tag table itself).

use super::{EnumTable, MaskTable, TagInfo};
use crate::ttlv::Tag;

tags! {
    // KMIP 1.0
    ACTIVATION_DATE = 0x420001, "ActivationDate", "Activation Date";
    APPLICATION_DATA = 0x420002, "ApplicationData", "Application Data";
    APPLICATION_NAMESPACE = 0x420003, "ApplicationNamespace", "Application Namespace";
    APPLICATION_SPECIFIC_INFORMATION = 0x420004, "ApplicationSpecificInformation", "Application Specific Information";
    ARCHIVE_DATE = 0x420005, "ArchiveDate", "Archive Date";
    ASYNCHRONOUS_CORRELATION_VALUE = 0x420006, "AsynchronousCorrelationValue", "Asynchronous Correlation Value";
    ASYNCHRONOUS_INDICATOR = 0x420007, "AsynchronousIndicator", "Asynchronous Indicator";
    ATTRIBUTE = 0x420008, "Attribute", "Attribute";
    ATTRIBUTE_INDEX = 0x420009, "AttributeIndex", "Attribute Index"; // 1.x; (Reserved) in 2.0+
    ATTRIBUTE_NAME = 0x42000A, "AttributeName", "Attribute Name";
    ATTRIBUTE_VALUE = 0x42000B, "AttributeValue", "Attribute Value";
    AUTHENTICATION = 0x42000C, "Authentication", "Authentication";
    BATCH_COUNT = 0x42000D, "BatchCount", "Batch Count";
    BATCH_ERROR_CONTINUATION_OPTION = 0x42000E, "BatchErrorContinuationOption", "Batch Error Continuation Option";
    BATCH_ITEM = 0x42000F, "BatchItem", "Batch Item";
    BATCH_ORDER_OPTION = 0x420010, "BatchOrderOption", "Batch Order Option";
    BLOCK_CIPHER_MODE = 0x420011, "BlockCipherMode", "Block Cipher Mode";
    CANCELLATION_RESULT = 0x420012, "CancellationResult", "Cancellation Result";
    CERTIFICATE = 0x420013, "Certificate", "Certificate";
    CERTIFICATE_IDENTIFIER = 0x420014, "CertificateIdentifier", "Certificate Identifier"; // deprecated in 1.1; (Reserved) in 2.0+
    CERTIFICATE_ISSUER = 0x420015, "CertificateIssuer", "Certificate Issuer"; // deprecated in 1.1; (Reserved) in 2.0+
    CERTIFICATE_ISSUER_ALTERNATIVE_NAME = 0x420016, "CertificateIssuerAlternativeName", "Certificate Issuer Alternative Name"; // deprecated in 1.1; (Reserved) in 2.0+
    CERTIFICATE_ISSUER_DISTINGUISHED_NAME = 0x420017, "CertificateIssuerDistinguishedName", "Certificate Issuer Distinguished Name"; // deprecated in 1.1; (Reserved) in 2.0+
    CERTIFICATE_REQUEST = 0x420018, "CertificateRequest", "Certificate Request";
    CERTIFICATE_REQUEST_TYPE = 0x420019, "CertificateRequestType", "Certificate Request Type";
    CERTIFICATE_SUBJECT = 0x42001A, "CertificateSubject", "Certificate Subject"; // deprecated in 1.1; (Reserved) in 2.0+
    CERTIFICATE_SUBJECT_ALTERNATIVE_NAME = 0x42001B, "CertificateSubjectAlternativeName", "Certificate Subject Alternative Name"; // deprecated in 1.1; (Reserved) in 2.0+
    CERTIFICATE_SUBJECT_DISTINGUISHED_NAME = 0x42001C, "CertificateSubjectDistinguishedName", "Certificate Subject Distinguished Name"; // deprecated in 1.1; (Reserved) in 2.0+
    CERTIFICATE_TYPE = 0x42001D, "CertificateType", "Certificate Type";
    CERTIFICATE_VALUE = 0x42001E, "CertificateValue", "Certificate Value";
    COMMON_TEMPLATE_ATTRIBUTE = 0x42001F, "CommonTemplateAttribute", "Common Template-Attribute"; // 1.x; (Reserved) in 2.0+
    COMPROMISE_DATE = 0x420020, "CompromiseDate", "Compromise Date";
    COMPROMISE_OCCURRENCE_DATE = 0x420021, "CompromiseOccurrenceDate", "Compromise Occurrence Date";
    CONTACT_INFORMATION = 0x420022, "ContactInformation", "Contact Information";
    CREDENTIAL = 0x420023, "Credential", "Credential";
    CREDENTIAL_TYPE = 0x420024, "CredentialType", "Credential Type";
    CREDENTIAL_VALUE = 0x420025, "CredentialValue", "Credential Value";
    CRITICALITY_INDICATOR = 0x420026, "CriticalityIndicator", "Criticality Indicator";
    CRT_COEFFICIENT = 0x420027, "CRTCoefficient", "CRT Coefficient";
    CRYPTOGRAPHIC_ALGORITHM = 0x420028, "CryptographicAlgorithm", "Cryptographic Algorithm";
    CRYPTOGRAPHIC_DOMAIN_PARAMETERS = 0x420029, "CryptographicDomainParameters", "Cryptographic Domain Parameters";
    CRYPTOGRAPHIC_LENGTH = 0x42002A, "CryptographicLength", "Cryptographic Length";
    CRYPTOGRAPHIC_PARAMETERS = 0x42002B, "CryptographicParameters", "Cryptographic Parameters";
    CRYPTOGRAPHIC_USAGE_MASK = 0x42002C, "CryptographicUsageMask", "Cryptographic Usage Mask";
    CUSTOM_ATTRIBUTE = 0x42002D, "CustomAttribute", "Custom Attribute"; // 1.x; (Reserved) in 2.0+
    D = 0x42002E, "D", "D";
    DEACTIVATION_DATE = 0x42002F, "DeactivationDate", "Deactivation Date";
    DERIVATION_DATA = 0x420030, "DerivationData", "Derivation Data";
    DERIVATION_METHOD = 0x420031, "DerivationMethod", "Derivation Method";
    DERIVATION_PARAMETERS = 0x420032, "DerivationParameters", "Derivation Parameters";
    DESTROY_DATE = 0x420033, "DestroyDate", "Destroy Date";
    DIGEST = 0x420034, "Digest", "Digest";
    DIGEST_VALUE = 0x420035, "DigestValue", "Digest Value";
    ENCRYPTION_KEY_INFORMATION = 0x420036, "EncryptionKeyInformation", "Encryption Key Information";
    G = 0x420037, "G", "G";
    HASHING_ALGORITHM = 0x420038, "HashingAlgorithm", "Hashing Algorithm";
    INITIAL_DATE = 0x420039, "InitialDate", "Initial Date";
    INITIALIZATION_VECTOR = 0x42003A, "InitializationVector", "Initialization Vector";
    ISSUER = 0x42003B, "Issuer", "Issuer"; // deprecated in 1.1; (Reserved) in 2.0+
    ITERATION_COUNT = 0x42003C, "IterationCount", "Iteration Count";
    IV_COUNTER_NONCE = 0x42003D, "IVCounterNonce", "IV/Counter/Nonce";
    J = 0x42003E, "J", "J";
    KEY = 0x42003F, "Key", "Key";
    KEY_BLOCK = 0x420040, "KeyBlock", "Key Block";
    KEY_COMPRESSION_TYPE = 0x420041, "KeyCompressionType", "Key Compression Type";
    KEY_FORMAT_TYPE = 0x420042, "KeyFormatType", "Key Format Type";
    KEY_MATERIAL = 0x420043, "KeyMaterial", "Key Material";
    KEY_PART_IDENTIFIER = 0x420044, "KeyPartIdentifier", "Key Part Identifier";
    KEY_VALUE = 0x420045, "KeyValue", "Key Value";
    KEY_WRAPPING_DATA = 0x420046, "KeyWrappingData", "Key Wrapping Data";
    KEY_WRAPPING_SPECIFICATION = 0x420047, "KeyWrappingSpecification", "Key Wrapping Specification";
    LAST_CHANGE_DATE = 0x420048, "LastChangeDate", "Last Change Date";
    LEASE_TIME = 0x420049, "LeaseTime", "Lease Time";
    LINK = 0x42004A, "Link", "Link";
    LINK_TYPE = 0x42004B, "LinkType", "Link Type";
    LINKED_OBJECT_IDENTIFIER = 0x42004C, "LinkedObjectIdentifier", "Linked Object Identifier";
    MAC_SIGNATURE = 0x42004D, "MACSignature", "MAC/Signature";
    MAC_SIGNATURE_KEY_INFORMATION = 0x42004E, "MACSignatureKeyInformation", "MAC/Signature Key Information";
    MAXIMUM_ITEMS = 0x42004F, "MaximumItems", "Maximum Items";
    MAXIMUM_RESPONSE_SIZE = 0x420050, "MaximumResponseSize", "Maximum Response Size";
    MESSAGE_EXTENSION = 0x420051, "MessageExtension", "Message Extension";
    MODULUS = 0x420052, "Modulus", "Modulus";
    NAME = 0x420053, "Name", "Name";
    NAME_TYPE = 0x420054, "NameType", "Name Type";
    NAME_VALUE = 0x420055, "NameValue", "Name Value";
    OBJECT_GROUP = 0x420056, "ObjectGroup", "Object Group";
    OBJECT_TYPE = 0x420057, "ObjectType", "Object Type";
    OFFSET = 0x420058, "Offset", "Offset";
    OPAQUE_DATA_TYPE = 0x420059, "OpaqueDataType", "Opaque Data Type";
    OPAQUE_DATA_VALUE = 0x42005A, "OpaqueDataValue", "Opaque Data Value";
    OPAQUE_OBJECT = 0x42005B, "OpaqueObject", "Opaque Object";
    OPERATION = 0x42005C, "Operation", "Operation";
    OPERATION_POLICY_NAME = 0x42005D, "OperationPolicyName", "Operation Policy Name"; // 1.x; (Reserved) in 2.0+
    P = 0x42005E, "P", "P";
    PADDING_METHOD = 0x42005F, "PaddingMethod", "Padding Method";
    PRIME_EXPONENT_P = 0x420060, "PrimeExponentP", "Prime Exponent P";
    PRIME_EXPONENT_Q = 0x420061, "PrimeExponentQ", "Prime Exponent Q";
    PRIME_FIELD_SIZE = 0x420062, "PrimeFieldSize", "Prime Field Size";
    PRIVATE_EXPONENT = 0x420063, "PrivateExponent", "Private Exponent";
    PRIVATE_KEY = 0x420064, "PrivateKey", "Private Key";
    PRIVATE_KEY_TEMPLATE_ATTRIBUTE = 0x420065, "PrivateKeyTemplateAttribute", "Private Key Template-Attribute"; // 1.x; (Reserved) in 2.0+
    PRIVATE_KEY_UNIQUE_IDENTIFIER = 0x420066, "PrivateKeyUniqueIdentifier", "Private Key Unique Identifier";
    PROCESS_START_DATE = 0x420067, "ProcessStartDate", "Process Start Date";
    PROTECT_STOP_DATE = 0x420068, "ProtectStopDate", "Protect Stop Date";
    PROTOCOL_VERSION = 0x420069, "ProtocolVersion", "Protocol Version";
    PROTOCOL_VERSION_MAJOR = 0x42006A, "ProtocolVersionMajor", "Protocol Version Major";
    PROTOCOL_VERSION_MINOR = 0x42006B, "ProtocolVersionMinor", "Protocol Version Minor";
    PUBLIC_EXPONENT = 0x42006C, "PublicExponent", "Public Exponent";
    PUBLIC_KEY = 0x42006D, "PublicKey", "Public Key";
    PUBLIC_KEY_TEMPLATE_ATTRIBUTE = 0x42006E, "PublicKeyTemplateAttribute", "Public Key Template-Attribute"; // 1.x; (Reserved) in 2.0+
    PUBLIC_KEY_UNIQUE_IDENTIFIER = 0x42006F, "PublicKeyUniqueIdentifier", "Public Key Unique Identifier";
    PUT_FUNCTION = 0x420070, "PutFunction", "Put Function";
    Q = 0x420071, "Q", "Q";
    Q_STRING = 0x420072, "QString", "Q String";
    QLENGTH = 0x420073, "Qlength", "Qlength";
    QUERY_FUNCTION = 0x420074, "QueryFunction", "Query Function";
    RECOMMENDED_CURVE = 0x420075, "RecommendedCurve", "Recommended Curve";
    REPLACED_UNIQUE_IDENTIFIER = 0x420076, "ReplacedUniqueIdentifier", "Replaced Unique Identifier";
    REQUEST_HEADER = 0x420077, "RequestHeader", "Request Header";
    REQUEST_MESSAGE = 0x420078, "RequestMessage", "Request Message";
    REQUEST_PAYLOAD = 0x420079, "RequestPayload", "Request Payload";
    RESPONSE_HEADER = 0x42007A, "ResponseHeader", "Response Header";
    RESPONSE_MESSAGE = 0x42007B, "ResponseMessage", "Response Message";
    RESPONSE_PAYLOAD = 0x42007C, "ResponsePayload", "Response Payload";
    RESULT_MESSAGE = 0x42007D, "ResultMessage", "Result Message";
    RESULT_REASON = 0x42007E, "ResultReason", "Result Reason";
    RESULT_STATUS = 0x42007F, "ResultStatus", "Result Status";
    REVOCATION_MESSAGE = 0x420080, "RevocationMessage", "Revocation Message";
    REVOCATION_REASON = 0x420081, "RevocationReason", "Revocation Reason";
    REVOCATION_REASON_CODE = 0x420082, "RevocationReasonCode", "Revocation Reason Code";
    KEY_ROLE_TYPE = 0x420083, "KeyRoleType", "Key Role Type";
    SALT = 0x420084, "Salt", "Salt";
    SECRET_DATA = 0x420085, "SecretData", "Secret Data";
    SECRET_DATA_TYPE = 0x420086, "SecretDataType", "Secret Data Type";
    SERIAL_NUMBER = 0x420087, "SerialNumber", "Serial Number"; // deprecated in 1.1; (Reserved) in 2.0+
    SERVER_INFORMATION = 0x420088, "ServerInformation", "Server Information";
    SPLIT_KEY = 0x420089, "SplitKey", "Split Key";
    SPLIT_KEY_METHOD = 0x42008A, "SplitKeyMethod", "Split Key Method";
    SPLIT_KEY_PARTS = 0x42008B, "SplitKeyParts", "Split Key Parts";
    SPLIT_KEY_THRESHOLD = 0x42008C, "SplitKeyThreshold", "Split Key Threshold";
    STATE = 0x42008D, "State", "State";
    STORAGE_STATUS_MASK = 0x42008E, "StorageStatusMask", "Storage Status Mask";
    SYMMETRIC_KEY = 0x42008F, "SymmetricKey", "Symmetric Key";
    TEMPLATE = 0x420090, "Template", "Template"; // 1.x (deprecated in 1.3); (Reserved) in 2.0+
    TEMPLATE_ATTRIBUTE = 0x420091, "TemplateAttribute", "Template-Attribute"; // 1.x; (Reserved) in 2.0+
    TIME_STAMP = 0x420092, "TimeStamp", "Time Stamp";
    UNIQUE_BATCH_ITEM_ID = 0x420093, "UniqueBatchItemID", "Unique Batch Item ID";
    UNIQUE_IDENTIFIER = 0x420094, "UniqueIdentifier", "Unique Identifier";
    USAGE_LIMITS = 0x420095, "UsageLimits", "Usage Limits";
    USAGE_LIMITS_COUNT = 0x420096, "UsageLimitsCount", "Usage Limits Count";
    USAGE_LIMITS_TOTAL = 0x420097, "UsageLimitsTotal", "Usage Limits Total";
    USAGE_LIMITS_UNIT = 0x420098, "UsageLimitsUnit", "Usage Limits Unit";
    USERNAME = 0x420099, "Username", "Username";
    VALIDITY_DATE = 0x42009A, "ValidityDate", "Validity Date";
    VALIDITY_INDICATOR = 0x42009B, "ValidityIndicator", "Validity Indicator";
    VENDOR_EXTENSION = 0x42009C, "VendorExtension", "Vendor Extension";
    VENDOR_IDENTIFICATION = 0x42009D, "VendorIdentification", "Vendor Identification";
    WRAPPING_METHOD = 0x42009E, "WrappingMethod", "Wrapping Method";
    X = 0x42009F, "X", "X";
    Y = 0x4200A0, "Y", "Y";
    PASSWORD = 0x4200A1, "Password", "Password";

    // KMIP 1.1
    DEVICE_IDENTIFIER = 0x4200A2, "DeviceIdentifier", "Device Identifier";
    ENCODING_OPTION = 0x4200A3, "EncodingOption", "Encoding Option";
    EXTENSION_INFORMATION = 0x4200A4, "ExtensionInformation", "Extension Information";
    EXTENSION_NAME = 0x4200A5, "ExtensionName", "Extension Name";
    EXTENSION_TAG = 0x4200A6, "ExtensionTag", "Extension Tag";
    EXTENSION_TYPE = 0x4200A7, "ExtensionType", "Extension Type";
    FRESH = 0x4200A8, "Fresh", "Fresh";
    MACHINE_IDENTIFIER = 0x4200A9, "MachineIdentifier", "Machine Identifier";
    MEDIA_IDENTIFIER = 0x4200AA, "MediaIdentifier", "Media Identifier";
    NETWORK_IDENTIFIER = 0x4200AB, "NetworkIdentifier", "Network Identifier";
    OBJECT_GROUP_MEMBER = 0x4200AC, "ObjectGroupMember", "Object Group Member";
    CERTIFICATE_LENGTH = 0x4200AD, "CertificateLength", "Certificate Length";
    DIGITAL_SIGNATURE_ALGORITHM = 0x4200AE, "DigitalSignatureAlgorithm", "Digital Signature Algorithm";
    CERTIFICATE_SERIAL_NUMBER = 0x4200AF, "CertificateSerialNumber", "Certificate Serial Number";
    DEVICE_SERIAL_NUMBER = 0x4200B0, "DeviceSerialNumber", "Device Serial Number";
    ISSUER_ALTERNATIVE_NAME = 0x4200B1, "IssuerAlternativeName", "Issuer Alternative Name";
    ISSUER_DISTINGUISHED_NAME = 0x4200B2, "IssuerDistinguishedName", "Issuer Distinguished Name";
    SUBJECT_ALTERNATIVE_NAME = 0x4200B3, "SubjectAlternativeName", "Subject Alternative Name";
    SUBJECT_DISTINGUISHED_NAME = 0x4200B4, "SubjectDistinguishedName", "Subject Distinguished Name";
    X_509_CERTIFICATE_IDENTIFIER = 0x4200B5, "X_509CertificateIdentifier", "X.509 Certificate Identifier";
    X_509_CERTIFICATE_ISSUER = 0x4200B6, "X_509CertificateIssuer", "X.509 Certificate Issuer";
    X_509_CERTIFICATE_SUBJECT = 0x4200B7, "X_509CertificateSubject", "X.509 Certificate Subject";

    // KMIP 1.2
    KEY_VALUE_LOCATION = 0x4200B8, "KeyValueLocation", "Key Value Location";
    KEY_VALUE_LOCATION_VALUE = 0x4200B9, "KeyValueLocationValue", "Key Value Location Value";
    KEY_VALUE_LOCATION_TYPE = 0x4200BA, "KeyValueLocationType", "Key Value Location Type";
    KEY_VALUE_PRESENT = 0x4200BB, "KeyValuePresent", "Key Value Present";
    ORIGINAL_CREATION_DATE = 0x4200BC, "OriginalCreationDate", "Original Creation Date";
    PGP_KEY = 0x4200BD, "PGPKey", "PGP Key";
    PGP_KEY_VERSION = 0x4200BE, "PGPKeyVersion", "PGP Key Version";
    ALTERNATIVE_NAME = 0x4200BF, "AlternativeName", "Alternative Name";
    ALTERNATIVE_NAME_VALUE = 0x4200C0, "AlternativeNameValue", "Alternative Name Value";
    ALTERNATIVE_NAME_TYPE = 0x4200C1, "AlternativeNameType", "Alternative Name Type";
    DATA = 0x4200C2, "Data", "Data";
    SIGNATURE_DATA = 0x4200C3, "SignatureData", "Signature Data";
    DATA_LENGTH = 0x4200C4, "DataLength", "Data Length";
    RANDOM_IV = 0x4200C5, "RandomIV", "Random IV";
    MAC_DATA = 0x4200C6, "MACData", "MAC Data";
    ATTESTATION_TYPE = 0x4200C7, "AttestationType", "Attestation Type";
    NONCE = 0x4200C8, "Nonce", "Nonce";
    NONCE_ID = 0x4200C9, "NonceID", "Nonce ID";
    NONCE_VALUE = 0x4200CA, "NonceValue", "Nonce Value";
    ATTESTATION_MEASUREMENT = 0x4200CB, "AttestationMeasurement", "Attestation Measurement";
    ATTESTATION_ASSERTION = 0x4200CC, "AttestationAssertion", "Attestation Assertion";
    IV_LENGTH = 0x4200CD, "IVLength", "IV Length";
    TAG_LENGTH = 0x4200CE, "TagLength", "Tag Length";
    FIXED_FIELD_LENGTH = 0x4200CF, "FixedFieldLength", "Fixed Field Length";
    COUNTER_LENGTH = 0x4200D0, "CounterLength", "Counter Length";
    INITIAL_COUNTER_VALUE = 0x4200D1, "InitialCounterValue", "Initial Counter Value";
    INVOCATION_FIELD_LENGTH = 0x4200D2, "InvocationFieldLength", "Invocation Field Length";
    ATTESTATION_CAPABLE_INDICATOR = 0x4200D3, "AttestationCapableIndicator", "Attestation Capable Indicator";

    // KMIP 1.3
    OFFSET_ITEMS = 0x4200D4, "OffsetItems", "Offset Items";
    LOCATED_ITEMS = 0x4200D5, "LocatedItems", "Located Items";
    CORRELATION_VALUE = 0x4200D6, "CorrelationValue", "Correlation Value";
    INIT_INDICATOR = 0x4200D7, "InitIndicator", "Init Indicator";
    FINAL_INDICATOR = 0x4200D8, "FinalIndicator", "Final Indicator";
    RNG_PARAMETERS = 0x4200D9, "RNGParameters", "RNG Parameters";
    RNG_ALGORITHM = 0x4200DA, "RNGAlgorithm", "RNG Algorithm";
    DRBG_ALGORITHM = 0x4200DB, "DRBGAlgorithm", "DRBG Algorithm";
    FIPS186_VARIATION = 0x4200DC, "FIPS186Variation", "FIPS186 Variation";
    PREDICTION_RESISTANCE = 0x4200DD, "PredictionResistance", "Prediction Resistance";
    RANDOM_NUMBER_GENERATOR = 0x4200DE, "RandomNumberGenerator", "Random Number Generator";
    VALIDATION_INFORMATION = 0x4200DF, "ValidationInformation", "Validation Information";
    VALIDATION_AUTHORITY_TYPE = 0x4200E0, "ValidationAuthorityType", "Validation Authority Type";
    VALIDATION_AUTHORITY_COUNTRY = 0x4200E1, "ValidationAuthorityCountry", "Validation Authority Country";
    VALIDATION_AUTHORITY_URI = 0x4200E2, "ValidationAuthorityURI", "Validation Authority URI";
    VALIDATION_VERSION_MAJOR = 0x4200E3, "ValidationVersionMajor", "Validation Version Major";
    VALIDATION_VERSION_MINOR = 0x4200E4, "ValidationVersionMinor", "Validation Version Minor";
    VALIDATION_TYPE = 0x4200E5, "ValidationType", "Validation Type";
    VALIDATION_LEVEL = 0x4200E6, "ValidationLevel", "Validation Level";
    VALIDATION_CERTIFICATE_IDENTIFIER = 0x4200E7, "ValidationCertificateIdentifier", "Validation Certificate Identifier";
    VALIDATION_CERTIFICATE_URI = 0x4200E8, "ValidationCertificateURI", "Validation Certificate URI";
    VALIDATION_VENDOR_URI = 0x4200E9, "ValidationVendorURI", "Validation Vendor URI";
    VALIDATION_PROFILE = 0x4200EA, "ValidationProfile", "Validation Profile";
    PROFILE_INFORMATION = 0x4200EB, "ProfileInformation", "Profile Information";
    PROFILE_NAME = 0x4200EC, "ProfileName", "Profile Name";
    SERVER_URI = 0x4200ED, "ServerURI", "Server URI";
    SERVER_PORT = 0x4200EE, "ServerPort", "Server Port";
    STREAMING_CAPABILITY = 0x4200EF, "StreamingCapability", "Streaming Capability";
    ASYNCHRONOUS_CAPABILITY = 0x4200F0, "AsynchronousCapability", "Asynchronous Capability";
    ATTESTATION_CAPABILITY = 0x4200F1, "AttestationCapability", "Attestation Capability";
    UNWRAP_MODE = 0x4200F2, "UnwrapMode", "Unwrap Mode";
    DESTROY_ACTION = 0x4200F3, "DestroyAction", "Destroy Action";
    SHREDDING_ALGORITHM = 0x4200F4, "ShreddingAlgorithm", "Shredding Algorithm";
    RNG_MODE = 0x4200F5, "RNGMode", "RNG Mode";
    CLIENT_REGISTRATION_METHOD = 0x4200F6, "ClientRegistrationMethod", "Client Registration Method";
    CAPABILITY_INFORMATION = 0x4200F7, "CapabilityInformation", "Capability Information";

    // KMIP 1.4
    KEY_WRAP_TYPE = 0x4200F8, "KeyWrapType", "Key Wrap Type";
    BATCH_UNDO_CAPABILITY = 0x4200F9, "BatchUndoCapability", "Batch Undo Capability";
    BATCH_CONTINUE_CAPABILITY = 0x4200FA, "BatchContinueCapability", "Batch Continue Capability";
    PKCS_12_FRIENDLY_NAME = 0x4200FB, "PKCS_12FriendlyName", "PKCS#12 Friendly Name";
    DESCRIPTION = 0x4200FC, "Description", "Description";
    COMMENT = 0x4200FD, "Comment", "Comment";
    AUTHENTICATED_ENCRYPTION_ADDITIONAL_DATA = 0x4200FE, "AuthenticatedEncryptionAdditionalData", "Authenticated Encryption Additional Data";
    AUTHENTICATED_ENCRYPTION_TAG = 0x4200FF, "AuthenticatedEncryptionTag", "Authenticated Encryption Tag";
    SALT_LENGTH = 0x420100, "SaltLength", "Salt Length";
    MASK_GENERATOR = 0x420101, "MaskGenerator", "Mask Generator";
    MASK_GENERATOR_HASHING_ALGORITHM = 0x420102, "MaskGeneratorHashingAlgorithm", "Mask Generator Hashing Algorithm";
    P_SOURCE = 0x420103, "PSource", "P Source";
    TRAILER_FIELD = 0x420104, "TrailerField", "Trailer Field";
    CLIENT_CORRELATION_VALUE = 0x420105, "ClientCorrelationValue", "Client Correlation Value";
    SERVER_CORRELATION_VALUE = 0x420106, "ServerCorrelationValue", "Server Correlation Value";
    DIGESTED_DATA = 0x420107, "DigestedData", "Digested Data";
    CERTIFICATE_SUBJECT_CN = 0x420108, "CertificateSubjectCN", "Certificate Subject CN";
    CERTIFICATE_SUBJECT_O = 0x420109, "CertificateSubjectO", "Certificate Subject O";
    CERTIFICATE_SUBJECT_OU = 0x42010A, "CertificateSubjectOU", "Certificate Subject OU";
    CERTIFICATE_SUBJECT_EMAIL = 0x42010B, "CertificateSubjectEmail", "Certificate Subject Email";
    CERTIFICATE_SUBJECT_C = 0x42010C, "CertificateSubjectC", "Certificate Subject C";
    CERTIFICATE_SUBJECT_ST = 0x42010D, "CertificateSubjectST", "Certificate Subject ST";
    CERTIFICATE_SUBJECT_L = 0x42010E, "CertificateSubjectL", "Certificate Subject L";
    CERTIFICATE_SUBJECT_UID = 0x42010F, "CertificateSubjectUID", "Certificate Subject UID";
    CERTIFICATE_SUBJECT_SERIAL_NUMBER = 0x420110, "CertificateSubjectSerialNumber", "Certificate Subject Serial Number";
    CERTIFICATE_SUBJECT_TITLE = 0x420111, "CertificateSubjectTitle", "Certificate Subject Title";
    CERTIFICATE_SUBJECT_DC = 0x420112, "CertificateSubjectDC", "Certificate Subject DC";
    CERTIFICATE_SUBJECT_DN_QUALIFIER = 0x420113, "CertificateSubjectDNQualifier", "Certificate Subject DN Qualifier";
    CERTIFICATE_ISSUER_CN = 0x420114, "CertificateIssuerCN", "Certificate Issuer CN";
    CERTIFICATE_ISSUER_O = 0x420115, "CertificateIssuerO", "Certificate Issuer O";
    CERTIFICATE_ISSUER_OU = 0x420116, "CertificateIssuerOU", "Certificate Issuer OU";
    CERTIFICATE_ISSUER_EMAIL = 0x420117, "CertificateIssuerEmail", "Certificate Issuer Email";
    CERTIFICATE_ISSUER_C = 0x420118, "CertificateIssuerC", "Certificate Issuer C";
    CERTIFICATE_ISSUER_ST = 0x420119, "CertificateIssuerST", "Certificate Issuer ST";
    CERTIFICATE_ISSUER_L = 0x42011A, "CertificateIssuerL", "Certificate Issuer L";
    CERTIFICATE_ISSUER_UID = 0x42011B, "CertificateIssuerUID", "Certificate Issuer UID";
    CERTIFICATE_ISSUER_SERIAL_NUMBER = 0x42011C, "CertificateIssuerSerialNumber", "Certificate Issuer Serial Number";
    CERTIFICATE_ISSUER_TITLE = 0x42011D, "CertificateIssuerTitle", "Certificate Issuer Title";
    CERTIFICATE_ISSUER_DC = 0x42011E, "CertificateIssuerDC", "Certificate Issuer DC";
    CERTIFICATE_ISSUER_DN_QUALIFIER = 0x42011F, "CertificateIssuerDNQualifier", "Certificate Issuer DN Qualifier";
    SENSITIVE = 0x420120, "Sensitive", "Sensitive";
    ALWAYS_SENSITIVE = 0x420121, "AlwaysSensitive", "Always Sensitive";
    EXTRACTABLE = 0x420122, "Extractable", "Extractable";
    NEVER_EXTRACTABLE = 0x420123, "NeverExtractable", "Never Extractable";
    REPLACE_EXISTING = 0x420124, "ReplaceExisting", "Replace Existing";

    // KMIP 2.0
    // (0x42013E and 0x42013F are (Reserved) in 2.0 and 2.1 and were never assigned.)
    ATTRIBUTES = 0x420125, "Attributes", "Attributes";
    COMMON_ATTRIBUTES = 0x420126, "CommonAttributes", "Common Attributes";
    PRIVATE_KEY_ATTRIBUTES = 0x420127, "PrivateKeyAttributes", "Private Key Attributes";
    PUBLIC_KEY_ATTRIBUTES = 0x420128, "PublicKeyAttributes", "Public Key Attributes";
    EXTENSION_ENUMERATION = 0x420129, "ExtensionEnumeration", "Extension Enumeration";
    EXTENSION_ATTRIBUTE = 0x42012A, "ExtensionAttribute", "Extension Attribute";
    EXTENSION_PARENT_STRUCTURE_TAG = 0x42012B, "ExtensionParentStructureTag", "Extension Parent Structure Tag";
    EXTENSION_DESCRIPTION = 0x42012C, "ExtensionDescription", "Extension Description";
    SERVER_NAME = 0x42012D, "ServerName", "Server Name";
    SERVER_SERIAL_NUMBER = 0x42012E, "ServerSerialNumber", "Server Serial Number";
    SERVER_VERSION = 0x42012F, "ServerVersion", "Server Version";
    SERVER_LOAD = 0x420130, "ServerLoad", "Server Load";
    PRODUCT_NAME = 0x420131, "ProductName", "Product Name";
    BUILD_LEVEL = 0x420132, "BuildLevel", "Build Level";
    BUILD_DATE = 0x420133, "BuildDate", "Build Date";
    CLUSTER_INFO = 0x420134, "ClusterInfo", "Cluster Info";
    ALTERNATE_FAILOVER_ENDPOINTS = 0x420135, "AlternateFailoverEndpoints", "Alternate Failover Endpoints";
    SHORT_UNIQUE_IDENTIFIER = 0x420136, "ShortUniqueIdentifier", "Short Unique Identifier";
    RESERVED = 0x420137, "Reserved", "Reserved"; // 2.0/2.1 tables list this value as "Reserved" (without parentheses)
    TAG = 0x420138, "Tag", "Tag";
    CERTIFICATE_REQUEST_UNIQUE_IDENTIFIER = 0x420139, "CertificateRequestUniqueIdentifier", "Certificate Request Unique Identifier";
    NIST_KEY_TYPE = 0x42013A, "NISTKeyType", "NIST Key Type";
    ATTRIBUTE_REFERENCE = 0x42013B, "AttributeReference", "Attribute Reference";
    CURRENT_ATTRIBUTE = 0x42013C, "CurrentAttribute", "Current Attribute";
    NEW_ATTRIBUTE = 0x42013D, "NewAttribute", "New Attribute";
    CERTIFICATE_REQUEST_VALUE = 0x420140, "CertificateRequestValue", "Certificate Request Value";
    LOG_MESSAGE = 0x420141, "LogMessage", "Log Message";
    PROFILE_VERSION = 0x420142, "ProfileVersion", "Profile Version";
    PROFILE_VERSION_MAJOR = 0x420143, "ProfileVersionMajor", "Profile Version Major";
    PROFILE_VERSION_MINOR = 0x420144, "ProfileVersionMinor", "Profile Version Minor";
    PROTECTION_LEVEL = 0x420145, "ProtectionLevel", "Protection Level";
    PROTECTION_PERIOD = 0x420146, "ProtectionPeriod", "Protection Period";
    QUANTUM_SAFE = 0x420147, "QuantumSafe", "Quantum Safe";
    QUANTUM_SAFE_CAPABILITY = 0x420148, "QuantumSafeCapability", "Quantum Safe Capability";
    TICKET = 0x420149, "Ticket", "Ticket";
    TICKET_TYPE = 0x42014A, "TicketType", "Ticket Type";
    TICKET_VALUE = 0x42014B, "TicketValue", "Ticket Value";
    REQUEST_COUNT = 0x42014C, "RequestCount", "Request Count";
    RIGHTS = 0x42014D, "Rights", "Rights";
    OBJECTS = 0x42014E, "Objects", "Objects";
    OPERATIONS = 0x42014F, "Operations", "Operations";
    RIGHT = 0x420150, "Right", "Right";
    ENDPOINT_ROLE = 0x420151, "EndpointRole", "Endpoint Role";
    DEFAULTS_INFORMATION = 0x420152, "DefaultsInformation", "Defaults Information";
    OBJECT_DEFAULTS = 0x420153, "ObjectDefaults", "Object Defaults";
    EPHEMERAL = 0x420154, "Ephemeral", "Ephemeral";
    SERVER_HASHED_PASSWORD = 0x420155, "ServerHashedPassword", "Server Hashed Password";
    ONE_TIME_PASSWORD = 0x420156, "OneTimePassword", "One Time Password";
    HASHED_PASSWORD = 0x420157, "HashedPassword", "Hashed Password";
    ADJUSTMENT_TYPE = 0x420158, "AdjustmentType", "Adjustment Type";
    PKCS_11_INTERFACE = 0x420159, "PKCS_11Interface", "PKCS#11 Interface";
    PKCS_11_FUNCTION = 0x42015A, "PKCS_11Function", "PKCS#11 Function";
    PKCS_11_INPUT_PARAMETERS = 0x42015B, "PKCS_11InputParameters", "PKCS#11 Input Parameters";
    PKCS_11_OUTPUT_PARAMETERS = 0x42015C, "PKCS_11OutputParameters", "PKCS#11 Output Parameters";
    PKCS_11_RETURN_CODE = 0x42015D, "PKCS_11ReturnCode", "PKCS#11 Return Code";
    PROTECTION_STORAGE_MASK = 0x42015E, "ProtectionStorageMask", "Protection Storage Mask";
    PROTECTION_STORAGE_MASKS = 0x42015F, "ProtectionStorageMasks", "Protection Storage Masks";
    INTEROP_FUNCTION = 0x420160, "InteropFunction", "Interop Function";
    INTEROP_IDENTIFIER = 0x420161, "InteropIdentifier", "Interop Identifier";
    ADJUSTMENT_VALUE = 0x420162, "AdjustmentValue", "Adjustment Value";
    COMMON_PROTECTION_STORAGE_MASKS = 0x420163, "CommonProtectionStorageMasks", "Common Protection Storage Masks";
    PRIVATE_PROTECTION_STORAGE_MASKS = 0x420164, "PrivateProtectionStorageMasks", "Private Protection Storage Masks";
    PUBLIC_PROTECTION_STORAGE_MASKS = 0x420165, "PublicProtectionStorageMasks", "Public Protection Storage Masks";

    // KMIP 2.1
    OBJECT_GROUPS = 0x420166, "ObjectGroups", "Object Groups";
    OBJECT_TYPES = 0x420167, "ObjectTypes", "Object Types";
    CONSTRAINTS = 0x420168, "Constraints", "Constraints";
    CONSTRAINT = 0x420169, "Constraint", "Constraint";
    ROTATE_INTERVAL = 0x42016A, "RotateInterval", "Rotate Interval";
    ROTATE_AUTOMATIC = 0x42016B, "RotateAutomatic", "Rotate Automatic";
    ROTATE_OFFSET = 0x42016C, "RotateOffset", "Rotate Offset";
    ROTATE_DATE = 0x42016D, "RotateDate", "Rotate Date";
    ROTATE_GENERATION = 0x42016E, "RotateGeneration", "Rotate Generation";
    ROTATE_NAME = 0x42016F, "RotateName", "Rotate Name";
    ROTATE_NAME_VALUE = 0x420170, "RotateNameValue", "Rotate Name Value";
    ROTATE_NAME_TYPE = 0x420171, "RotateNameType", "Rotate Name Type";
    ROTATE_LATEST = 0x420172, "RotateLatest", "Rotate Latest";
    ASYNCHRONOUS_REQUEST = 0x420173, "AsynchronousRequest", "Asynchronous Request";
    SUBMISSION_DATE = 0x420174, "SubmissionDate", "Submission Date";
    PROCESSING_STAGE = 0x420175, "ProcessingStage", "Processing Stage";
    ASYNCHRONOUS_CORRELATION_VALUES = 0x420176, "AsynchronousCorrelationValues", "Asynchronous Correlation Values";
}

enumerations! {
    /// Adjustment Type (`0x420158`).
    ///
    /// Since KMIP 2.0.
    AdjustmentType [ADJUSTMENT_TYPE] {
        INCREMENT = 0x0000_0001, "Increment";
        DECREMENT = 0x0000_0002, "Decrement";
        NEGATE = 0x0000_0003, "Negate";
    }

    /// Alternative Name Type (`0x4200C1`).
    ///
    /// Since KMIP 1.2.
    AlternativeNameType [ALTERNATIVE_NAME_TYPE] {
        UNINTERPRETED_TEXT_STRING = 0x0000_0001, "UninterpretedTextString";
        URI = 0x0000_0002, "URI";
        OBJECT_SERIAL_NUMBER = 0x0000_0003, "ObjectSerialNumber";
        EMAIL_ADDRESS = 0x0000_0004, "EmailAddress";
        DNS_NAME = 0x0000_0005, "DNSName";
        X_500_DISTINGUISHED_NAME = 0x0000_0006, "X_500DistinguishedName"; // "X.500 Distinguished Name"
        IP_ADDRESS = 0x0000_0007, "IPAddress";
    }

    /// Asynchronous Indicator (`0x420007`).
    ///
    /// Since KMIP 2.0. The tag is a Boolean in 1.x, this is its Enumeration form.
    AsynchronousIndicator [ASYNCHRONOUS_INDICATOR] {
        MANDATORY = 0x0000_0001, "Mandatory";
        OPTIONAL = 0x0000_0002, "Optional";
        PROHIBITED = 0x0000_0003, "Prohibited";
    }

    /// Attestation Type (`0x4200C7`).
    ///
    /// Since KMIP 1.2.
    AttestationType [ATTESTATION_TYPE] {
        TPM_QUOTE = 0x0000_0001, "TPMQuote";
        TCG_INTEGRITY_REPORT = 0x0000_0002, "TCGIntegrityReport";
        SAML_ASSERTION = 0x0000_0003, "SAMLAssertion";
    }

    /// Batch Error Continuation Option (`0x42000E`).
    ///
    /// Since KMIP 1.0.
    BatchErrorContinuationOption [BATCH_ERROR_CONTINUATION_OPTION] {
        CONTINUE = 0x0000_0001, "Continue";
        STOP = 0x0000_0002, "Stop";
        UNDO = 0x0000_0003, "Undo";
    }

    /// Block Cipher Mode (`0x420011`).
    ///
    /// Since KMIP 1.0.
    BlockCipherMode [BLOCK_CIPHER_MODE] {
        CBC = 0x0000_0001, "CBC";
        ECB = 0x0000_0002, "ECB";
        PCBC = 0x0000_0003, "PCBC";
        CFB = 0x0000_0004, "CFB";
        OFB = 0x0000_0005, "OFB";
        CTR = 0x0000_0006, "CTR";
        CMAC = 0x0000_0007, "CMAC";
        CCM = 0x0000_0008, "CCM";
        GCM = 0x0000_0009, "GCM";
        CBC_MAC = 0x0000_000A, "CBC_MAC"; // "CBC-MAC"
        XTS = 0x0000_000B, "XTS";
        AES_KEY_WRAP_PADDING = 0x0000_000C, "AESKeyWrapPadding";
        NIST_KEY_WRAP = 0x0000_000D, "NISTKeyWrap";
        X9_102_AESKW = 0x0000_000E, "X9_102AESKW"; // "X9.102 AESKW"
        X9_102_TDKW = 0x0000_000F, "X9_102TDKW"; // "X9.102 TDKW"
        X9_102_AKW1 = 0x0000_0010, "X9_102AKW1"; // "X9.102 AKW1"
        X9_102_AKW2 = 0x0000_0011, "X9_102AKW2"; // "X9.102 AKW2"
        AEAD = 0x0000_0012, "AEAD"; // 1.4
    }

    /// Cancellation Result (`0x420012`).
    ///
    /// Since KMIP 1.0.
    CancellationResult [CANCELLATION_RESULT] {
        CANCELED = 0x0000_0001, "Canceled";
        UNABLE_TO_CANCEL = 0x0000_0002, "UnableToCancel";
        COMPLETED = 0x0000_0003, "Completed";
        FAILED = 0x0000_0004, "Failed";
        UNAVAILABLE = 0x0000_0005, "Unavailable";
    }

    /// Certificate Request Type (`0x420019`).
    ///
    /// Since KMIP 1.0.
    CertificateRequestType [CERTIFICATE_REQUEST_TYPE] {
        CRMF = 0x0000_0001, "CRMF";
        PKCS_10 = 0x0000_0002, "PKCS_10"; // "PKCS#10"
        PEM = 0x0000_0003, "PEM";
        PGP = 0x0000_0004, "PGP"; // 1.x (deprecated); (Reserved) in 2.0+
    }

    /// Certificate Type (`0x42001D`).
    ///
    /// Since KMIP 1.0.
    CertificateType [CERTIFICATE_TYPE] {
        X_509 = 0x0000_0001, "X_509"; // "X.509"
        PGP = 0x0000_0002, "PGP"; // deprecated in 1.2
    }

    /// Client Registration Method (`0x4200F6`).
    ///
    /// Since KMIP 1.3.
    ClientRegistrationMethod [CLIENT_REGISTRATION_METHOD] {
        UNSPECIFIED = 0x0000_0001, "Unspecified";
        SERVER_PRE_GENERATED = 0x0000_0002, "ServerPreGenerated"; // "Server Pre-Generated"
        SERVER_ON_DEMAND = 0x0000_0003, "ServerOnDemand"; // "Server On-Demand"
        CLIENT_GENERATED = 0x0000_0004, "ClientGenerated";
        CLIENT_REGISTERED = 0x0000_0005, "ClientRegistered";
    }

    /// Credential Type (`0x420024`).
    ///
    /// Since KMIP 1.0.
    CredentialType [CREDENTIAL_TYPE] {
        USERNAME_AND_PASSWORD = 0x0000_0001, "UsernameAndPassword";
        DEVICE = 0x0000_0002, "Device"; // 1.1
        ATTESTATION = 0x0000_0003, "Attestation"; // 1.2
        ONE_TIME_PASSWORD = 0x0000_0004, "OneTimePassword"; // 2.0
        HASHED_PASSWORD = 0x0000_0005, "HashedPassword"; // 2.0
        TICKET = 0x0000_0006, "Ticket"; // 2.0
    }

    /// Cryptographic Algorithm (`0x420028`).
    ///
    /// Since KMIP 1.0.
    CryptographicAlgorithm [CRYPTOGRAPHIC_ALGORITHM] {
        DES = 0x0000_0001, "DES";
        DES3 = 0x0000_0002, "DES3"; // "3DES"
        AES = 0x0000_0003, "AES";
        RSA = 0x0000_0004, "RSA";
        DSA = 0x0000_0005, "DSA";
        ECDSA = 0x0000_0006, "ECDSA";
        HMAC_SHA1 = 0x0000_0007, "HMAC_SHA1"; // "HMAC-SHA1"
        HMAC_SHA224 = 0x0000_0008, "HMAC_SHA224"; // "HMAC-SHA224"
        HMAC_SHA256 = 0x0000_0009, "HMAC_SHA256"; // "HMAC-SHA256"
        HMAC_SHA384 = 0x0000_000A, "HMAC_SHA384"; // "HMAC-SHA384"
        HMAC_SHA512 = 0x0000_000B, "HMAC_SHA512"; // "HMAC-SHA512"
        HMAC_MD5 = 0x0000_000C, "HMAC_MD5"; // "HMAC-MD5"
        DH = 0x0000_000D, "DH";
        ECDH = 0x0000_000E, "ECDH";
        ECMQV = 0x0000_000F, "ECMQV";
        BLOWFISH = 0x0000_0010, "Blowfish";
        CAMELLIA = 0x0000_0011, "Camellia";
        CAST5 = 0x0000_0012, "CAST5";
        IDEA = 0x0000_0013, "IDEA";
        MARS = 0x0000_0014, "MARS";
        RC2 = 0x0000_0015, "RC2";
        RC4 = 0x0000_0016, "RC4";
        RC5 = 0x0000_0017, "RC5";
        SKIPJACK = 0x0000_0018, "SKIPJACK";
        TWOFISH = 0x0000_0019, "Twofish";
        EC = 0x0000_001A, "EC"; // 1.2
        ONE_TIME_PAD = 0x0000_001B, "OneTimePad"; // 1.3
        CHACHA20 = 0x0000_001C, "ChaCha20"; // 1.4
        POLY1305 = 0x0000_001D, "Poly1305"; // 1.4
        CHACHA20_POLY1305 = 0x0000_001E, "ChaCha20Poly1305"; // 1.4
        SHA3_224 = 0x0000_001F, "SHA3_224"; // "SHA3-224"; 1.4
        SHA3_256 = 0x0000_0020, "SHA3_256"; // "SHA3-256"; 1.4
        SHA3_384 = 0x0000_0021, "SHA3_384"; // "SHA3-384"; 1.4
        SHA3_512 = 0x0000_0022, "SHA3_512"; // "SHA3-512"; 1.4
        HMAC_SHA3_224 = 0x0000_0023, "HMAC_SHA3_224"; // "HMAC-SHA3-224"; 1.4
        HMAC_SHA3_256 = 0x0000_0024, "HMAC_SHA3_256"; // "HMAC-SHA3-256"; 1.4
        HMAC_SHA3_384 = 0x0000_0025, "HMAC_SHA3_384"; // "HMAC-SHA3-384"; 1.4
        HMAC_SHA3_512 = 0x0000_0026, "HMAC_SHA3_512"; // "HMAC-SHA3-512"; 1.4
        SHAKE_128 = 0x0000_0027, "SHAKE_128"; // "SHAKE-128"; 1.4
        SHAKE_256 = 0x0000_0028, "SHAKE_256"; // "SHAKE-256"; 1.4
        ARIA = 0x0000_0029, "ARIA"; // 2.0
        SEED = 0x0000_002A, "SEED"; // 2.0
        SM2 = 0x0000_002B, "SM2"; // 2.0
        SM3 = 0x0000_002C, "SM3"; // 2.0
        SM4 = 0x0000_002D, "SM4"; // 2.0
        GOST_R_34_10_2012 = 0x0000_002E, "GOSTR34_10_2012"; // "GOST R 34.10-2012"; 2.0
        GOST_R_34_11_2012 = 0x0000_002F, "GOSTR34_11_2012"; // "GOST R 34.11-2012"; 2.0
        GOST_R_34_13_2015 = 0x0000_0030, "GOSTR34_13_2015"; // "GOST R 34.13-2015"; 2.0
        GOST_28147_89 = 0x0000_0031, "GOST28147_89"; // "GOST 28147-89"; 2.0
        XMSS = 0x0000_0032, "XMSS"; // 2.0
        SPHINCS_256 = 0x0000_0033, "SPHINCS_256"; // "SPHINCS-256"; 2.0
        MCELIECE = 0x0000_0034, "McEliece"; // 2.0
        MCELIECE_6960119 = 0x0000_0035, "McEliece_6960119"; // "McEliece-6960119"; 2.0
        MCELIECE_8192128 = 0x0000_0036, "McEliece_8192128"; // "McEliece-8192128"; 2.0
        ED25519 = 0x0000_0037, "Ed25519"; // 2.0
        ED448 = 0x0000_0038, "Ed448"; // 2.0
    }

    /// Data (`0x4200C2`).
    ///
    /// Since KMIP 2.0. The Enumeration form of the Data tag (normally a Byte String).
    Data [DATA] {
        DECRYPT = 0x0000_0001, "Decrypt";
        ENCRYPT = 0x0000_0002, "Encrypt";
        HASH = 0x0000_0003, "Hash";
        MAC_MAC_DATA = 0x0000_0004, "MACMACData";
        RNG_RETRIEVE = 0x0000_0005, "RNGRetrieve";
        SIGN_SIGNATURE_DATA = 0x0000_0006, "SignSignatureData";
        SIGNATURE_VERIFY = 0x0000_0007, "SignatureVerify";
    }

    /// Derivation Method (`0x420031`).
    ///
    /// Since KMIP 1.0.
    DerivationMethod [DERIVATION_METHOD] {
        PBKDF2 = 0x0000_0001, "PBKDF2";
        HASH = 0x0000_0002, "HASH";
        HMAC = 0x0000_0003, "HMAC";
        ENCRYPT = 0x0000_0004, "ENCRYPT";
        NIST800_108_C = 0x0000_0005, "NIST800_108_C"; // "NIST800-108-C"
        NIST800_108_F = 0x0000_0006, "NIST800_108_F"; // "NIST800-108-F"
        NIST800_108_DPI = 0x0000_0007, "NIST800_108_DPI"; // "NIST800-108-DPI"
        ASYMMETRIC_KEY = 0x0000_0008, "AsymmetricKey"; // 1.4
        AWS_SIGNATURE_VERSION_4 = 0x0000_0009, "AWSSignatureVersion4"; // 2.0
        HKDF = 0x0000_000A, "HKDF"; // 2.0
    }

    /// Destroy Action (`0x4200F3`).
    ///
    /// Since KMIP 1.3.
    DestroyAction [DESTROY_ACTION] {
        UNSPECIFIED = 0x0000_0001, "Unspecified";
        KEY_MATERIAL_DELETED = 0x0000_0002, "KeyMaterialDeleted";
        KEY_MATERIAL_SHREDDED = 0x0000_0003, "KeyMaterialShredded";
        META_DATA_DELETED = 0x0000_0004, "MetaDataDeleted";
        META_DATA_SHREDDED = 0x0000_0005, "MetaDataShredded";
        DELETED = 0x0000_0006, "Deleted";
        SHREDDED = 0x0000_0007, "Shredded";
    }

    /// Digital Signature Algorithm (`0x4200AE`).
    ///
    /// Since KMIP 1.1. The 1.x names of 1-8 carry a suffix, e.g. "MD2 with RSA Encryption (PKCS#1
    /// v1.5)" and "RSASSA-PSS (PKCS#1 v2.1)"; the 2.x names (without it) are used.
    DigitalSignatureAlgorithm [DIGITAL_SIGNATURE_ALGORITHM] {
        MD2_WITH_RSA_ENCRYPTION = 0x0000_0001, "MD2WithRSAEncryption";
        MD5_WITH_RSA_ENCRYPTION = 0x0000_0002, "MD5WithRSAEncryption";
        SHA_1_WITH_RSA_ENCRYPTION = 0x0000_0003, "SHA_1WithRSAEncryption"; // "SHA-1 with RSA Encryption"
        SHA_224_WITH_RSA_ENCRYPTION = 0x0000_0004, "SHA_224WithRSAEncryption"; // "SHA-224 with RSA Encryption"
        SHA_256_WITH_RSA_ENCRYPTION = 0x0000_0005, "SHA_256WithRSAEncryption"; // "SHA-256 with RSA Encryption"
        SHA_384_WITH_RSA_ENCRYPTION = 0x0000_0006, "SHA_384WithRSAEncryption"; // "SHA-384 with RSA Encryption"
        SHA_512_WITH_RSA_ENCRYPTION = 0x0000_0007, "SHA_512WithRSAEncryption"; // "SHA-512 with RSA Encryption"
        RSASSA_PSS = 0x0000_0008, "RSASSA_PSS"; // "RSASSA-PSS"
        DSA_WITH_SHA_1 = 0x0000_0009, "DSAWithSHA_1"; // "DSA with SHA-1"
        DSA_WITH_SHA224 = 0x0000_000A, "DSAWithSHA224";
        DSA_WITH_SHA256 = 0x0000_000B, "DSAWithSHA256";
        ECDSA_WITH_SHA_1 = 0x0000_000C, "ECDSAWithSHA_1"; // "ECDSA with SHA-1"
        ECDSA_WITH_SHA224 = 0x0000_000D, "ECDSAWithSHA224";
        ECDSA_WITH_SHA256 = 0x0000_000E, "ECDSAWithSHA256";
        ECDSA_WITH_SHA384 = 0x0000_000F, "ECDSAWithSHA384";
        ECDSA_WITH_SHA512 = 0x0000_0010, "ECDSAWithSHA512";
        SHA3_256_WITH_RSA_ENCRYPTION = 0x0000_0011, "SHA3_256WithRSAEncryption"; // "SHA3-256 with RSA Encryption"; 1.4
        SHA3_384_WITH_RSA_ENCRYPTION = 0x0000_0012, "SHA3_384WithRSAEncryption"; // "SHA3-384 with RSA Encryption"; 1.4
        SHA3_512_WITH_RSA_ENCRYPTION = 0x0000_0013, "SHA3_512WithRSAEncryption"; // "SHA3-512 with RSA Encryption"; 1.4
    }

    /// DRBG Algorithm (`0x4200DB`).
    ///
    /// Since KMIP 1.3.
    DrbgAlgorithm [DRBG_ALGORITHM] {
        UNSPECIFIED = 0x0000_0001, "Unspecified";
        DUAL_EC = 0x0000_0002, "Dual_EC"; // "Dual-EC"
        HASH = 0x0000_0003, "Hash";
        HMAC = 0x0000_0004, "HMAC";
        CTR = 0x0000_0005, "CTR";
    }

    /// Encoding Option (`0x4200A3`).
    ///
    /// Since KMIP 1.1.
    EncodingOption [ENCODING_OPTION] {
        NO_ENCODING = 0x0000_0001, "NoEncoding";
        TTLV_ENCODING = 0x0000_0002, "TTLVEncoding";
    }

    /// Endpoint Role (`0x420151`).
    ///
    /// Since KMIP 2.0.
    EndpointRole [ENDPOINT_ROLE] {
        CLIENT = 0x0000_0001, "Client";
        SERVER = 0x0000_0002, "Server";
    }

    /// FIPS186 Variation (`0x4200DC`).
    ///
    /// Since KMIP 1.3.
    Fips186Variation [FIPS186_VARIATION] {
        UNSPECIFIED = 0x0000_0001, "Unspecified";
        GP_X_ORIGINAL = 0x0000_0002, "GPXOriginal"; // "GP x-Original"
        GP_X_CHANGE_NOTICE = 0x0000_0003, "GPXChangeNotice"; // "GP x-Change Notice"
        X_ORIGINAL = 0x0000_0004, "XOriginal"; // "x-Original"
        X_CHANGE_NOTICE = 0x0000_0005, "XChangeNotice"; // "x-Change Notice"
        K_ORIGINAL = 0x0000_0006, "KOriginal"; // "k-Original"
        K_CHANGE_NOTICE = 0x0000_0007, "KChangeNotice"; // "k-Change Notice"
    }

    /// Hashing Algorithm (`0x420038`, `0x420102`).
    ///
    /// Since KMIP 1.0. KMIP 1.4 spells 0x0E-0x11 "SHA-3-224" to "SHA-3-512" (XML `SHA_3_224`); the
    /// 2.x spelling "SHA3-224" (`SHA3_224`) is used.
    HashingAlgorithm [HASHING_ALGORITHM, MASK_GENERATOR_HASHING_ALGORITHM] {
        MD2 = 0x0000_0001, "MD2";
        MD4 = 0x0000_0002, "MD4";
        MD5 = 0x0000_0003, "MD5";
        SHA_1 = 0x0000_0004, "SHA_1"; // "SHA-1"
        SHA_224 = 0x0000_0005, "SHA_224"; // "SHA-224"
        SHA_256 = 0x0000_0006, "SHA_256"; // "SHA-256"
        SHA_384 = 0x0000_0007, "SHA_384"; // "SHA-384"
        SHA_512 = 0x0000_0008, "SHA_512"; // "SHA-512"
        RIPEMD_160 = 0x0000_0009, "RIPEMD_160"; // "RIPEMD-160"
        TIGER = 0x0000_000A, "Tiger";
        WHIRLPOOL = 0x0000_000B, "Whirlpool";
        SHA_512_224 = 0x0000_000C, "SHA_512_224"; // "SHA-512/224"; 1.2
        SHA_512_256 = 0x0000_000D, "SHA_512_256"; // "SHA-512/256"; 1.2
        SHA3_224 = 0x0000_000E, "SHA3_224"; // "SHA3-224"; 1.4
        SHA3_256 = 0x0000_000F, "SHA3_256"; // "SHA3-256"; 1.4
        SHA3_384 = 0x0000_0010, "SHA3_384"; // "SHA3-384"; 1.4
        SHA3_512 = 0x0000_0011, "SHA3_512"; // "SHA3-512"; 1.4
    }

    /// Interop Function (`0x420160`).
    ///
    /// Since KMIP 2.0.
    InteropFunction [INTEROP_FUNCTION] {
        BEGIN = 0x0000_0001, "Begin";
        END = 0x0000_0002, "End";
        RESET = 0x0000_0003, "Reset";
    }

    /// Item Type.
    ///
    /// Since KMIP 2.0. Named `ItemTypeEnum` because `ttlv::ItemType` is the wire type. Not bound to
    /// a tag: no tag holds it as an Enumeration in the 2.1 tables.
    ItemTypeEnum [] {
        STRUCTURE = 0x0000_0001, "Structure";
        INTEGER = 0x0000_0002, "Integer";
        LONG_INTEGER = 0x0000_0003, "LongInteger";
        BIG_INTEGER = 0x0000_0004, "BigInteger";
        ENUMERATION = 0x0000_0005, "Enumeration";
        BOOLEAN = 0x0000_0006, "Boolean";
        TEXT_STRING = 0x0000_0007, "TextString";
        BYTE_STRING = 0x0000_0008, "ByteString";
        DATE_TIME = 0x0000_0009, "DateTime";
        INTERVAL = 0x0000_000A, "Interval";
        DATE_TIME_EXTENDED = 0x0000_000B, "DateTimeExtended";
    }

    /// Key Compression Type (`0x420041`).
    ///
    /// Since KMIP 1.0.
    KeyCompressionType [KEY_COMPRESSION_TYPE] {
        EC_PUBLIC_KEY_TYPE_UNCOMPRESSED = 0x0000_0001, "ECPublicKeyTypeUncompressed";
        EC_PUBLIC_KEY_TYPE_X9_62_COMPRESSED_PRIME = 0x0000_0002, "ECPublicKeyTypeX9_62CompressedPrime"; // "EC Public Key Type X9.62 Compressed Prime"
        EC_PUBLIC_KEY_TYPE_X9_62_COMPRESSED_CHAR2 = 0x0000_0003, "ECPublicKeyTypeX9_62CompressedChar2"; // "EC Public Key Type X9.62 Compressed Char2"
        EC_PUBLIC_KEY_TYPE_X9_62_HYBRID = 0x0000_0004, "ECPublicKeyTypeX9_62Hybrid"; // "EC Public Key Type X9.62 Hybrid"
    }

    /// Key Format Type (`0x420042`).
    ///
    /// Since KMIP 1.0.
    KeyFormatType [KEY_FORMAT_TYPE] {
        RAW = 0x0000_0001, "Raw";
        OPAQUE = 0x0000_0002, "Opaque";
        PKCS_1 = 0x0000_0003, "PKCS_1"; // "PKCS#1"
        PKCS_8 = 0x0000_0004, "PKCS_8"; // "PKCS#8"
        X_509 = 0x0000_0005, "X_509"; // "X.509"
        EC_PRIVATE_KEY = 0x0000_0006, "ECPrivateKey";
        TRANSPARENT_SYMMETRIC_KEY = 0x0000_0007, "TransparentSymmetricKey";
        TRANSPARENT_DSA_PRIVATE_KEY = 0x0000_0008, "TransparentDSAPrivateKey";
        TRANSPARENT_DSA_PUBLIC_KEY = 0x0000_0009, "TransparentDSAPublicKey";
        TRANSPARENT_RSA_PRIVATE_KEY = 0x0000_000A, "TransparentRSAPrivateKey";
        TRANSPARENT_RSA_PUBLIC_KEY = 0x0000_000B, "TransparentRSAPublicKey";
        TRANSPARENT_DH_PRIVATE_KEY = 0x0000_000C, "TransparentDHPrivateKey";
        TRANSPARENT_DH_PUBLIC_KEY = 0x0000_000D, "TransparentDHPublicKey";
        TRANSPARENT_ECDSA_PRIVATE_KEY = 0x0000_000E, "TransparentECDSAPrivateKey"; // deprecated in 1.4; (Reserved) in 2.0+
        TRANSPARENT_ECDSA_PUBLIC_KEY = 0x0000_000F, "TransparentECDSAPublicKey"; // deprecated in 1.4; (Reserved) in 2.0+
        TRANSPARENT_ECDH_PRIVATE_KEY = 0x0000_0010, "TransparentECDHPrivateKey"; // deprecated in 1.4; (Reserved) in 2.0+
        TRANSPARENT_ECDH_PUBLIC_KEY = 0x0000_0011, "TransparentECDHPublicKey"; // deprecated in 1.4; (Reserved) in 2.0+
        TRANSPARENT_ECMQV_PRIVATE_KEY = 0x0000_0012, "TransparentECMQVPrivateKey"; // deprecated in 1.4; (Reserved) in 2.0+
        TRANSPARENT_ECMQV_PUBLIC_KEY = 0x0000_0013, "TransparentECMQVPublicKey"; // deprecated in 1.4; (Reserved) in 2.0+
        TRANSPARENT_EC_PRIVATE_KEY = 0x0000_0014, "TransparentECPrivateKey"; // 1.3
        TRANSPARENT_EC_PUBLIC_KEY = 0x0000_0015, "TransparentECPublicKey"; // 1.3
        PKCS_12 = 0x0000_0016, "PKCS_12"; // "PKCS#12"; 1.4
        PKCS_10 = 0x0000_0017, "PKCS_10"; // "PKCS#10"; 2.0
    }

    /// Key Role Type (`0x420083`).
    ///
    /// Since KMIP 1.0.
    KeyRoleType [KEY_ROLE_TYPE] {
        BDK = 0x0000_0001, "BDK";
        CVK = 0x0000_0002, "CVK";
        DEK = 0x0000_0003, "DEK";
        MKAC = 0x0000_0004, "MKAC";
        MKSMC = 0x0000_0005, "MKSMC";
        MKSMI = 0x0000_0006, "MKSMI";
        MKDAC = 0x0000_0007, "MKDAC";
        MKDN = 0x0000_0008, "MKDN";
        MKCP = 0x0000_0009, "MKCP";
        MKOTH = 0x0000_000A, "MKOTH";
        KEK = 0x0000_000B, "KEK";
        MAC16609 = 0x0000_000C, "MAC16609";
        MAC97971 = 0x0000_000D, "MAC97971";
        MAC97972 = 0x0000_000E, "MAC97972";
        MAC97973 = 0x0000_000F, "MAC97973";
        MAC97974 = 0x0000_0010, "MAC97974";
        MAC97975 = 0x0000_0011, "MAC97975";
        ZPK = 0x0000_0012, "ZPK";
        PVKIBM = 0x0000_0013, "PVKIBM";
        PVKPVV = 0x0000_0014, "PVKPVV";
        PVKOTH = 0x0000_0015, "PVKOTH";
        DUKPT = 0x0000_0016, "DUKPT"; // 1.4
        IV = 0x0000_0017, "IV"; // 1.4
        TRKBK = 0x0000_0018, "TRKBK"; // 1.4
    }

    /// Key Value Location Type (`0x4200BA`).
    ///
    /// Since KMIP 1.2.
    KeyValueLocationType [KEY_VALUE_LOCATION_TYPE] {
        UNINTERPRETED_TEXT_STRING = 0x0000_0001, "UninterpretedTextString";
        URI = 0x0000_0002, "URI";
    }

    /// Key Wrap Type (`0x4200F8`).
    ///
    /// Since KMIP 1.4.
    KeyWrapType [KEY_WRAP_TYPE] {
        NOT_WRAPPED = 0x0000_0001, "NotWrapped";
        AS_REGISTERED = 0x0000_0002, "AsRegistered";
    }

    /// Link Type (`0x42004B`).
    ///
    /// Since KMIP 1.0.
    LinkType [LINK_TYPE] {
        CERTIFICATE_LINK = 0x0000_0101, "CertificateLink";
        PUBLIC_KEY_LINK = 0x0000_0102, "PublicKeyLink";
        PRIVATE_KEY_LINK = 0x0000_0103, "PrivateKeyLink";
        DERIVATION_BASE_OBJECT_LINK = 0x0000_0104, "DerivationBaseObjectLink";
        DERIVED_KEY_LINK = 0x0000_0105, "DerivedKeyLink";
        REPLACEMENT_OBJECT_LINK = 0x0000_0106, "ReplacementObjectLink";
        REPLACED_OBJECT_LINK = 0x0000_0107, "ReplacedObjectLink";
        PARENT_LINK = 0x0000_0108, "ParentLink"; // 1.2
        CHILD_LINK = 0x0000_0109, "ChildLink"; // 1.2
        PREVIOUS_LINK = 0x0000_010A, "PreviousLink"; // 1.2
        NEXT_LINK = 0x0000_010B, "NextLink"; // 1.2
        PKCS_12_CERTIFICATE_LINK = 0x0000_010C, "PKCS_12CertificateLink"; // "PKCS#12 Certificate Link"; 1.4
        PKCS_12_PASSWORD_LINK = 0x0000_010D, "PKCS_12PasswordLink"; // "PKCS#12 Password Link"; 1.4
        WRAPPING_KEY_LINK = 0x0000_010E, "WrappingKeyLink"; // 2.0
    }

    /// Mask Generator (`0x420101`).
    ///
    /// Since KMIP 1.4.
    MaskGenerator [MASK_GENERATOR] {
        MGF1 = 0x0000_0001, "MGF1"; // the 2.0/2.1 table misprints "MFG1"; 1.4 and the XML test cases say MGF1
    }

    /// Name Type (`0x420054`).
    ///
    /// Since KMIP 1.0.
    NameType [NAME_TYPE] {
        UNINTERPRETED_TEXT_STRING = 0x0000_0001, "UninterpretedTextString";
        URI = 0x0000_0002, "URI";
    }

    /// NIST Key Type (`0x42013A`).
    ///
    /// Since KMIP 2.0.
    NistKeyType [NIST_KEY_TYPE] {
        PRIVATE_SIGNATURE_KEY = 0x0000_0001, "PrivateSignatureKey";
        PUBLIC_SIGNATURE_VERIFICATION_KEY = 0x0000_0002, "PublicSignatureVerificationKey";
        SYMMETRIC_AUTHENTICATION_KEY = 0x0000_0003, "SymmetricAuthenticationKey";
        PRIVATE_AUTHENTICATION_KEY = 0x0000_0004, "PrivateAuthenticationKey";
        PUBLIC_AUTHENTICATION_KEY = 0x0000_0005, "PublicAuthenticationKey";
        SYMMETRIC_DATA_ENCRYPTION_KEY = 0x0000_0006, "SymmetricDataEncryptionKey";
        SYMMETRIC_KEY_WRAPPING_KEY = 0x0000_0007, "SymmetricKeyWrappingKey";
        SYMMETRIC_RANDOM_NUMBER_GENERATION_KEY = 0x0000_0008, "SymmetricRandomNumberGenerationKey";
        SYMMETRIC_MASTER_KEY = 0x0000_0009, "SymmetricMasterKey";
        PRIVATE_KEY_TRANSPORT_KEY = 0x0000_000A, "PrivateKeyTransportKey";
        PUBLIC_KEY_TRANSPORT_KEY = 0x0000_000B, "PublicKeyTransportKey";
        SYMMETRIC_KEY_AGREEMENT_KEY = 0x0000_000C, "SymmetricKeyAgreementKey";
        PRIVATE_STATIC_KEY_AGREEMENT_KEY = 0x0000_000D, "PrivateStaticKeyAgreementKey";
        PUBLIC_STATIC_KEY_AGREEMENT_KEY = 0x0000_000E, "PublicStaticKeyAgreementKey";
        PRIVATE_EPHEMERAL_KEY_AGREEMENT_KEY = 0x0000_000F, "PrivateEphemeralKeyAgreementKey";
        PUBLIC_EPHEMERAL_KEY_AGREEMENT_KEY = 0x0000_0010, "PublicEphemeralKeyAgreementKey";
        SYMMETRIC_AUTHORIZATION_KEY = 0x0000_0011, "SymmetricAuthorizationKey";
        PRIVATE_AUTHORIZATION_KEY = 0x0000_0012, "PrivateAuthorizationKey";
        PUBLIC_AUTHORIZATION_KEY = 0x0000_0013, "PublicAuthorizationKey";
    }

    /// Object Group Member (`0x4200AC`).
    ///
    /// Since KMIP 1.1.
    ObjectGroupMember [OBJECT_GROUP_MEMBER] {
        GROUP_MEMBER_FRESH = 0x0000_0001, "GroupMemberFresh";
        GROUP_MEMBER_DEFAULT = 0x0000_0002, "GroupMemberDefault";
    }

    /// Object Type (`0x420057`).
    ///
    /// Since KMIP 1.0.
    ObjectType [OBJECT_TYPE] {
        CERTIFICATE = 0x0000_0001, "Certificate";
        SYMMETRIC_KEY = 0x0000_0002, "SymmetricKey";
        PUBLIC_KEY = 0x0000_0003, "PublicKey";
        PRIVATE_KEY = 0x0000_0004, "PrivateKey";
        SPLIT_KEY = 0x0000_0005, "SplitKey";
        TEMPLATE = 0x0000_0006, "Template"; // deprecated in 1.3; (Reserved) in 2.0+
        SECRET_DATA = 0x0000_0007, "SecretData";
        OPAQUE_OBJECT = 0x0000_0008, "OpaqueObject";
        PGP_KEY = 0x0000_0009, "PGPKey"; // 1.2
        CERTIFICATE_REQUEST = 0x0000_000A, "CertificateRequest"; // 2.0
    }

    /// Opaque Data Type (`0x420059`).
    ///
    /// Since KMIP 1.0. The specification defines no value, only the extension range `8XXXXXXX`.
    OpaqueDataType [OPAQUE_DATA_TYPE] {
    }

    /// Operation (`0x42005C`).
    ///
    /// Since KMIP 1.0.
    Operation [OPERATION] {
        CREATE = 0x0000_0001, "Create";
        CREATE_KEY_PAIR = 0x0000_0002, "CreateKeyPair";
        REGISTER = 0x0000_0003, "Register";
        RE_KEY = 0x0000_0004, "ReKey"; // "Re-key"
        DERIVE_KEY = 0x0000_0005, "DeriveKey";
        CERTIFY = 0x0000_0006, "Certify";
        RE_CERTIFY = 0x0000_0007, "ReCertify"; // "Re-certify"
        LOCATE = 0x0000_0008, "Locate";
        CHECK = 0x0000_0009, "Check";
        GET = 0x0000_000A, "Get";
        GET_ATTRIBUTES = 0x0000_000B, "GetAttributes";
        GET_ATTRIBUTE_LIST = 0x0000_000C, "GetAttributeList";
        ADD_ATTRIBUTE = 0x0000_000D, "AddAttribute";
        MODIFY_ATTRIBUTE = 0x0000_000E, "ModifyAttribute";
        DELETE_ATTRIBUTE = 0x0000_000F, "DeleteAttribute";
        OBTAIN_LEASE = 0x0000_0010, "ObtainLease";
        GET_USAGE_ALLOCATION = 0x0000_0011, "GetUsageAllocation";
        ACTIVATE = 0x0000_0012, "Activate";
        REVOKE = 0x0000_0013, "Revoke";
        DESTROY = 0x0000_0014, "Destroy";
        ARCHIVE = 0x0000_0015, "Archive";
        RECOVER = 0x0000_0016, "Recover";
        VALIDATE = 0x0000_0017, "Validate";
        QUERY = 0x0000_0018, "Query";
        CANCEL = 0x0000_0019, "Cancel";
        POLL = 0x0000_001A, "Poll";
        NOTIFY = 0x0000_001B, "Notify";
        PUT = 0x0000_001C, "Put";
        RE_KEY_KEY_PAIR = 0x0000_001D, "ReKeyKeyPair"; // "Re-key Key Pair"; 1.1
        DISCOVER_VERSIONS = 0x0000_001E, "DiscoverVersions"; // 1.1
        ENCRYPT = 0x0000_001F, "Encrypt"; // 1.2
        DECRYPT = 0x0000_0020, "Decrypt"; // 1.2
        SIGN = 0x0000_0021, "Sign"; // 1.2
        SIGNATURE_VERIFY = 0x0000_0022, "SignatureVerify"; // 1.2
        MAC = 0x0000_0023, "MAC"; // 1.2
        MAC_VERIFY = 0x0000_0024, "MACVerify"; // 1.2
        RNG_RETRIEVE = 0x0000_0025, "RNGRetrieve"; // 1.2
        RNG_SEED = 0x0000_0026, "RNGSeed"; // 1.2
        HASH = 0x0000_0027, "Hash"; // 1.2
        CREATE_SPLIT_KEY = 0x0000_0028, "CreateSplitKey"; // 1.2
        JOIN_SPLIT_KEY = 0x0000_0029, "JoinSplitKey"; // 1.2
        IMPORT = 0x0000_002A, "Import"; // 1.4
        EXPORT = 0x0000_002B, "Export"; // 1.4
        LOG = 0x0000_002C, "Log"; // 2.0
        LOGIN = 0x0000_002D, "Login"; // 2.0
        LOGOUT = 0x0000_002E, "Logout"; // 2.0
        DELEGATED_LOGIN = 0x0000_002F, "DelegatedLogin"; // 2.0
        ADJUST_ATTRIBUTE = 0x0000_0030, "AdjustAttribute"; // 2.0
        SET_ATTRIBUTE = 0x0000_0031, "SetAttribute"; // 2.0
        SET_ENDPOINT_ROLE = 0x0000_0032, "SetEndpointRole"; // 2.0
        PKCS_11 = 0x0000_0033, "PKCS_11"; // "PKCS#11"; 2.0
        INTEROP = 0x0000_0034, "Interop"; // 2.0
        RE_PROVISION = 0x0000_0035, "ReProvision"; // "Re-Provision"; 2.0
        SET_DEFAULTS = 0x0000_0036, "SetDefaults"; // 2.1
        SET_CONSTRAINTS = 0x0000_0037, "SetConstraints"; // 2.1
        GET_CONSTRAINTS = 0x0000_0038, "GetConstraints"; // 2.1
        QUERY_ASYNCHRONOUS_REQUESTS = 0x0000_0039, "QueryAsynchronousRequests"; // 2.1
        PROCESS = 0x0000_003A, "Process"; // 2.1
        PING = 0x0000_003B, "Ping"; // 2.1
    }

    /// Padding Method (`0x42005F`).
    ///
    /// Since KMIP 1.0.
    PaddingMethod [PADDING_METHOD] {
        NONE = 0x0000_0001, "None";
        OAEP = 0x0000_0002, "OAEP";
        PKCS5 = 0x0000_0003, "PKCS5";
        SSL3 = 0x0000_0004, "SSL3";
        ZEROS = 0x0000_0005, "Zeros";
        ANSI_X9_23 = 0x0000_0006, "ANSIX9_23"; // "ANSI X9.23"
        ISO_10126 = 0x0000_0007, "ISO10126";
        PKCS1_V1_5 = 0x0000_0008, "PKCS1V1_5"; // "PKCS1 v1.5"
        X9_31 = 0x0000_0009, "X9_31"; // "X9.31"
        PSS = 0x0000_000A, "PSS";
    }

    /// Processing Stage (`0x420175`).
    ///
    /// Since KMIP 2.1.
    ProcessingStage [PROCESSING_STAGE] {
        SUBMITTED = 0x0000_0001, "Submitted";
        IN_PROCESS = 0x0000_0002, "InProcess";
        COMPLETED = 0x0000_0003, "Completed";
    }

    /// Profile Name (`0x4200EC`).
    ///
    /// Since KMIP 1.3. KMIP 2.0 renumbered this enumeration. The 1.3/1.4 values 0x01-0x9C (names
    /// ending "KMIP v1.x", e.g. 0x01 "Baseline Server Basic KMIP v1.2") are (Reserved) in 2.0+ and
    /// are not listed; 0x118-0x11B (Suite B minLOS in PyKMIP) are (Reserved) in the 2.1 table and
    /// are left out.
    ProfileName [PROFILE_NAME] {
        COMPLETE_SERVER_BASIC = 0x0000_0104, "CompleteServerBasic";
        COMPLETE_SERVER_TLS_V1_2 = 0x0000_0105, "CompleteServerTLSV1_2"; // "Complete Server TLS v1.2"
        TAPE_LIBRARY_CLIENT = 0x0000_0106, "TapeLibraryClient";
        TAPE_LIBRARY_SERVER = 0x0000_0107, "TapeLibraryServer";
        SYMMETRIC_KEY_LIFECYCLE_CLIENT = 0x0000_0108, "SymmetricKeyLifecycleClient";
        SYMMETRIC_KEY_LIFECYCLE_SERVER = 0x0000_0109, "SymmetricKeyLifecycleServer";
        ASYMMETRIC_KEY_LIFECYCLE_CLIENT = 0x0000_010A, "AsymmetricKeyLifecycleClient";
        ASYMMETRIC_KEY_LIFECYCLE_SERVER = 0x0000_010B, "AsymmetricKeyLifecycleServer";
        BASIC_CRYPTOGRAPHIC_CLIENT = 0x0000_010C, "BasicCryptographicClient";
        BASIC_CRYPTOGRAPHIC_SERVER = 0x0000_010D, "BasicCryptographicServer";
        ADVANCED_CRYPTOGRAPHIC_CLIENT = 0x0000_010E, "AdvancedCryptographicClient";
        ADVANCED_CRYPTOGRAPHIC_SERVER = 0x0000_010F, "AdvancedCryptographicServer";
        RNG_CRYPTOGRAPHIC_CLIENT = 0x0000_0110, "RNGCryptographicClient";
        RNG_CRYPTOGRAPHIC_SERVER = 0x0000_0111, "RNGCryptographicServer";
        BASIC_SYMMETRIC_KEY_FOUNDRY_CLIENT = 0x0000_0112, "BasicSymmetricKeyFoundryClient";
        INTERMEDIATE_SYMMETRIC_KEY_FOUNDRY_CLIENT = 0x0000_0113, "IntermediateSymmetricKeyFoundryClient";
        ADVANCED_SYMMETRIC_KEY_FOUNDRY_CLIENT = 0x0000_0114, "AdvancedSymmetricKeyFoundryClient";
        SYMMETRIC_KEY_FOUNDRY_SERVER = 0x0000_0115, "SymmetricKeyFoundryServer";
        OPAQUE_MANAGED_OBJECT_STORE_CLIENT = 0x0000_0116, "OpaqueManagedObjectStoreClient";
        OPAQUE_MANAGED_OBJECT_STORE_SERVER = 0x0000_0117, "OpaqueManagedObjectStoreServer";
        STORAGE_ARRAY_WITH_SELF_ENCRYPTING_DRIVE_CLIENT = 0x0000_011C, "StorageArrayWithSelfEncryptingDriveClient";
        STORAGE_ARRAY_WITH_SELF_ENCRYPTING_DRIVE_SERVER = 0x0000_011D, "StorageArrayWithSelfEncryptingDriveServer";
        HTTPS_CLIENT = 0x0000_011E, "HTTPSClient";
        HTTPS_SERVER = 0x0000_011F, "HTTPSServer";
        JSON_CLIENT = 0x0000_0120, "JSONClient";
        JSON_SERVER = 0x0000_0121, "JSONServer";
        XML_CLIENT = 0x0000_0122, "XMLClient";
        XML_SERVER = 0x0000_0123, "XMLServer";
        AES_XTS_CLIENT = 0x0000_0124, "AESXTSClient";
        AES_XTS_SERVER = 0x0000_0125, "AESXTSServer";
        QUANTUM_SAFE_CLIENT = 0x0000_0126, "QuantumSafeClient";
        QUANTUM_SAFE_SERVER = 0x0000_0127, "QuantumSafeServer";
        PKCS_11_CLIENT = 0x0000_0128, "PKCS_11Client"; // "PKCS#11 Client"
        PKCS_11_SERVER = 0x0000_0129, "PKCS_11Server"; // "PKCS#11 Server"
        BASELINE_CLIENT = 0x0000_012A, "BaselineClient";
        BASELINE_SERVER = 0x0000_012B, "BaselineServer";
        COMPLETE_SERVER = 0x0000_012C, "CompleteServer";
    }

    /// Protection Level (`0x420145`).
    ///
    /// Since KMIP 2.0.
    ProtectionLevel [PROTECTION_LEVEL] {
        HIGH = 0x0000_0001, "High";
        LOW = 0x0000_0002, "Low";
    }

    /// Put Function (`0x420070`).
    ///
    /// Since KMIP 1.0.
    PutFunction [PUT_FUNCTION] {
        NEW = 0x0000_0001, "New";
        REPLACE = 0x0000_0002, "Replace";
    }

    /// Query Function (`0x420074`).
    ///
    /// Since KMIP 1.0.
    QueryFunction [QUERY_FUNCTION] {
        QUERY_OPERATIONS = 0x0000_0001, "QueryOperations";
        QUERY_OBJECTS = 0x0000_0002, "QueryObjects";
        QUERY_SERVER_INFORMATION = 0x0000_0003, "QueryServerInformation";
        QUERY_APPLICATION_NAMESPACES = 0x0000_0004, "QueryApplicationNamespaces";
        QUERY_EXTENSION_LIST = 0x0000_0005, "QueryExtensionList"; // 1.1
        QUERY_EXTENSION_MAP = 0x0000_0006, "QueryExtensionMap"; // 1.1
        QUERY_ATTESTATION_TYPES = 0x0000_0007, "QueryAttestationTypes"; // 1.2
        QUERY_RNGS = 0x0000_0008, "QueryRNGs"; // 1.3
        QUERY_VALIDATIONS = 0x0000_0009, "QueryValidations"; // 1.3
        QUERY_PROFILES = 0x0000_000A, "QueryProfiles"; // 1.3
        QUERY_CAPABILITIES = 0x0000_000B, "QueryCapabilities"; // 1.3
        QUERY_CLIENT_REGISTRATION_METHODS = 0x0000_000C, "QueryClientRegistrationMethods"; // 1.3
        QUERY_DEFAULTS_INFORMATION = 0x0000_000D, "QueryDefaultsInformation"; // 2.0
        QUERY_STORAGE_PROTECTION_MASKS = 0x0000_000E, "QueryStorageProtectionMasks"; // 2.0
    }

    /// Recommended Curve (`0x420075`).
    ///
    /// Since KMIP 1.0.
    RecommendedCurve [RECOMMENDED_CURVE] {
        P_192 = 0x0000_0001, "P_192"; // "P-192"
        K_163 = 0x0000_0002, "K_163"; // "K-163"
        B_163 = 0x0000_0003, "B_163"; // "B-163"
        P_224 = 0x0000_0004, "P_224"; // "P-224"
        K_233 = 0x0000_0005, "K_233"; // "K-233"
        B_233 = 0x0000_0006, "B_233"; // "B-233"
        P_256 = 0x0000_0007, "P_256"; // "P-256"
        K_283 = 0x0000_0008, "K_283"; // "K-283"
        B_283 = 0x0000_0009, "B_283"; // "B-283"
        P_384 = 0x0000_000A, "P_384"; // "P-384"
        K_409 = 0x0000_000B, "K_409"; // "K-409"
        B_409 = 0x0000_000C, "B_409"; // "B-409"
        P_521 = 0x0000_000D, "P_521"; // "P-521"
        K_571 = 0x0000_000E, "K_571"; // "K-571"
        B_571 = 0x0000_000F, "B_571"; // "B-571"
        SECP112R1 = 0x0000_0010, "SECP112R1"; // 1.2
        SECP112R2 = 0x0000_0011, "SECP112R2"; // 1.2
        SECP128R1 = 0x0000_0012, "SECP128R1"; // 1.2
        SECP128R2 = 0x0000_0013, "SECP128R2"; // 1.2
        SECP160K1 = 0x0000_0014, "SECP160K1"; // 1.2
        SECP160R1 = 0x0000_0015, "SECP160R1"; // 1.2
        SECP160R2 = 0x0000_0016, "SECP160R2"; // 1.2
        SECP192K1 = 0x0000_0017, "SECP192K1"; // 1.2; PyKMIP misspells it SECP191K1
        SECP224K1 = 0x0000_0018, "SECP224K1"; // 1.2
        SECP256K1 = 0x0000_0019, "SECP256K1"; // 1.2
        SECT113R1 = 0x0000_001A, "SECT113R1"; // 1.2
        SECT113R2 = 0x0000_001B, "SECT113R2"; // 1.2
        SECT131R1 = 0x0000_001C, "SECT131R1"; // 1.2
        SECT131R2 = 0x0000_001D, "SECT131R2"; // 1.2
        SECT163R1 = 0x0000_001E, "SECT163R1"; // 1.2
        SECT193R1 = 0x0000_001F, "SECT193R1"; // 1.2
        SECT193R2 = 0x0000_0020, "SECT193R2"; // 1.2
        SECT239K1 = 0x0000_0021, "SECT239K1"; // 1.2
        ANSIX9P192V2 = 0x0000_0022, "ANSIX9P192V2"; // 1.2
        ANSIX9P192V3 = 0x0000_0023, "ANSIX9P192V3"; // 1.2
        ANSIX9P239V1 = 0x0000_0024, "ANSIX9P239V1"; // 1.2
        ANSIX9P239V2 = 0x0000_0025, "ANSIX9P239V2"; // 1.2
        ANSIX9P239V3 = 0x0000_0026, "ANSIX9P239V3"; // 1.2
        ANSIX9C2PNB163V1 = 0x0000_0027, "ANSIX9C2PNB163V1"; // 1.2
        ANSIX9C2PNB163V2 = 0x0000_0028, "ANSIX9C2PNB163V2"; // 1.2
        ANSIX9C2PNB163V3 = 0x0000_0029, "ANSIX9C2PNB163V3"; // 1.2
        ANSIX9C2PNB176V1 = 0x0000_002A, "ANSIX9C2PNB176V1"; // 1.2
        ANSIX9C2TNB191V1 = 0x0000_002B, "ANSIX9C2TNB191V1"; // 1.2
        ANSIX9C2TNB191V2 = 0x0000_002C, "ANSIX9C2TNB191V2"; // 1.2
        ANSIX9C2TNB191V3 = 0x0000_002D, "ANSIX9C2TNB191V3"; // 1.2
        ANSIX9C2PNB208W1 = 0x0000_002E, "ANSIX9C2PNB208W1"; // 1.2
        ANSIX9C2TNB239V1 = 0x0000_002F, "ANSIX9C2TNB239V1"; // 1.2
        ANSIX9C2TNB239V2 = 0x0000_0030, "ANSIX9C2TNB239V2"; // 1.2
        ANSIX9C2TNB239V3 = 0x0000_0031, "ANSIX9C2TNB239V3"; // 1.2
        ANSIX9C2PNB272W1 = 0x0000_0032, "ANSIX9C2PNB272W1"; // 1.2
        ANSIX9C2PNB304W1 = 0x0000_0033, "ANSIX9C2PNB304W1"; // 1.2
        ANSIX9C2TNB359V1 = 0x0000_0034, "ANSIX9C2TNB359V1"; // 1.2
        ANSIX9C2PNB368W1 = 0x0000_0035, "ANSIX9C2PNB368W1"; // 1.2
        ANSIX9C2TNB431R1 = 0x0000_0036, "ANSIX9C2TNB431R1"; // 1.2
        BRAINPOOLP160R1 = 0x0000_0037, "BRAINPOOLP160R1"; // 1.2
        BRAINPOOLP160T1 = 0x0000_0038, "BRAINPOOLP160T1"; // 1.2
        BRAINPOOLP192R1 = 0x0000_0039, "BRAINPOOLP192R1"; // 1.2
        BRAINPOOLP192T1 = 0x0000_003A, "BRAINPOOLP192T1"; // 1.2
        BRAINPOOLP224R1 = 0x0000_003B, "BRAINPOOLP224R1"; // 1.2
        BRAINPOOLP224T1 = 0x0000_003C, "BRAINPOOLP224T1"; // 1.2
        BRAINPOOLP256R1 = 0x0000_003D, "BRAINPOOLP256R1"; // 1.2
        BRAINPOOLP256T1 = 0x0000_003E, "BRAINPOOLP256T1"; // 1.2
        BRAINPOOLP320R1 = 0x0000_003F, "BRAINPOOLP320R1"; // 1.2
        BRAINPOOLP320T1 = 0x0000_0040, "BRAINPOOLP320T1"; // 1.2
        BRAINPOOLP384R1 = 0x0000_0041, "BRAINPOOLP384R1"; // 1.2
        BRAINPOOLP384T1 = 0x0000_0042, "BRAINPOOLP384T1"; // 1.2
        BRAINPOOLP512R1 = 0x0000_0043, "BRAINPOOLP512R1"; // 1.2
        BRAINPOOLP512T1 = 0x0000_0044, "BRAINPOOLP512T1"; // 1.2
        CURVE25519 = 0x0000_0045, "CURVE25519"; // 2.0
        CURVE448 = 0x0000_0046, "CURVE448"; // 2.0
    }

    /// Result Reason (`0x42007E`).
    ///
    /// Since KMIP 1.0.
    ResultReason [RESULT_REASON] {
        ITEM_NOT_FOUND = 0x0000_0001, "ItemNotFound";
        RESPONSE_TOO_LARGE = 0x0000_0002, "ResponseTooLarge";
        AUTHENTICATION_NOT_SUCCESSFUL = 0x0000_0003, "AuthenticationNotSuccessful";
        INVALID_MESSAGE = 0x0000_0004, "InvalidMessage";
        OPERATION_NOT_SUPPORTED = 0x0000_0005, "OperationNotSupported";
        MISSING_DATA = 0x0000_0006, "MissingData";
        INVALID_FIELD = 0x0000_0007, "InvalidField";
        FEATURE_NOT_SUPPORTED = 0x0000_0008, "FeatureNotSupported";
        OPERATION_CANCELED_BY_REQUESTER = 0x0000_0009, "OperationCanceledByRequester";
        CRYPTOGRAPHIC_FAILURE = 0x0000_000A, "CryptographicFailure";
        ILLEGAL_OPERATION = 0x0000_000B, "IllegalOperation"; // 1.x; (Reserved) in 2.0+
        PERMISSION_DENIED = 0x0000_000C, "PermissionDenied";
        OBJECT_ARCHIVED = 0x0000_000D, "ObjectArchived"; // 1.x spells it "Object archived"
        INDEX_OUT_OF_BOUNDS = 0x0000_000E, "IndexOutOfBounds"; // 1.x; (Reserved) in 2.0+
        APPLICATION_NAMESPACE_NOT_SUPPORTED = 0x0000_000F, "ApplicationNamespaceNotSupported";
        KEY_FORMAT_TYPE_NOT_SUPPORTED = 0x0000_0010, "KeyFormatTypeNotSupported";
        KEY_COMPRESSION_TYPE_NOT_SUPPORTED = 0x0000_0011, "KeyCompressionTypeNotSupported";
        ENCODING_OPTION_ERROR = 0x0000_0012, "EncodingOptionError"; // 1.1
        KEY_VALUE_NOT_PRESENT = 0x0000_0013, "KeyValueNotPresent"; // 1.2
        ATTESTATION_REQUIRED = 0x0000_0014, "AttestationRequired"; // 1.2
        ATTESTATION_FAILED = 0x0000_0015, "AttestationFailed"; // 1.2
        SENSITIVE = 0x0000_0016, "Sensitive"; // 1.4
        NOT_EXTRACTABLE = 0x0000_0017, "NotExtractable"; // 1.4
        OBJECT_ALREADY_EXISTS = 0x0000_0018, "ObjectAlreadyExists"; // 1.4
        INVALID_TICKET = 0x0000_0019, "InvalidTicket"; // 2.0
        USAGE_LIMIT_EXCEEDED = 0x0000_001A, "UsageLimitExceeded"; // 2.0
        NUMERIC_RANGE = 0x0000_001B, "NumericRange"; // 2.0
        INVALID_DATA_TYPE = 0x0000_001C, "InvalidDataType"; // 2.0
        READ_ONLY_ATTRIBUTE = 0x0000_001D, "ReadOnlyAttribute"; // 2.0
        MULTI_VALUED_ATTRIBUTE = 0x0000_001E, "MultiValuedAttribute"; // 2.0
        UNSUPPORTED_ATTRIBUTE = 0x0000_001F, "UnsupportedAttribute"; // 2.0
        ATTRIBUTE_INSTANCE_NOT_FOUND = 0x0000_0020, "AttributeInstanceNotFound"; // 2.0
        ATTRIBUTE_NOT_FOUND = 0x0000_0021, "AttributeNotFound"; // 2.0
        ATTRIBUTE_READ_ONLY = 0x0000_0022, "AttributeReadOnly"; // 2.0
        ATTRIBUTE_SINGLE_VALUED = 0x0000_0023, "AttributeSingleValued"; // 2.0
        BAD_CRYPTOGRAPHIC_PARAMETERS = 0x0000_0024, "BadCryptographicParameters"; // 2.0
        BAD_PASSWORD = 0x0000_0025, "BadPassword"; // 2.0
        CODEC_ERROR = 0x0000_0026, "CodecError"; // 2.0
        ILLEGAL_OBJECT_TYPE = 0x0000_0028, "IllegalObjectType"; // 2.0
        INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK = 0x0000_0029, "IncompatibleCryptographicUsageMask"; // 2.0
        INTERNAL_SERVER_ERROR = 0x0000_002A, "InternalServerError"; // 2.0
        INVALID_ASYNCHRONOUS_CORRELATION_VALUE = 0x0000_002B, "InvalidAsynchronousCorrelationValue"; // 2.0
        INVALID_ATTRIBUTE = 0x0000_002C, "InvalidAttribute"; // 2.0
        INVALID_ATTRIBUTE_VALUE = 0x0000_002D, "InvalidAttributeValue"; // 2.0
        INVALID_CORRELATION_VALUE = 0x0000_002E, "InvalidCorrelationValue"; // 2.0
        INVALID_CSR = 0x0000_002F, "InvalidCSR"; // 2.0
        INVALID_OBJECT_TYPE = 0x0000_0030, "InvalidObjectType"; // 2.0
        KEY_WRAP_TYPE_NOT_SUPPORTED = 0x0000_0032, "KeyWrapTypeNotSupported"; // 2.0
        MISSING_INITIALIZATION_VECTOR = 0x0000_0034, "MissingInitializationVector"; // 2.0
        NON_UNIQUE_NAME_ATTRIBUTE = 0x0000_0035, "NonUniqueNameAttribute"; // 2.0
        OBJECT_DESTROYED = 0x0000_0036, "ObjectDestroyed"; // 2.0
        OBJECT_NOT_FOUND = 0x0000_0037, "ObjectNotFound"; // 2.0
        NOT_AUTHORISED = 0x0000_0039, "NotAuthorised"; // 2.0
        SERVER_LIMIT_EXCEEDED = 0x0000_003A, "ServerLimitExceeded"; // 2.0
        UNKNOWN_ENUMERATION = 0x0000_003B, "UnknownEnumeration"; // 2.0
        UNKNOWN_MESSAGE_EXTENSION = 0x0000_003C, "UnknownMessageExtension"; // 2.0
        UNKNOWN_TAG = 0x0000_003D, "UnknownTag"; // 2.0
        UNSUPPORTED_CRYPTOGRAPHIC_PARAMETERS = 0x0000_003E, "UnsupportedCryptographicParameters"; // 2.0
        UNSUPPORTED_PROTOCOL_VERSION = 0x0000_003F, "UnsupportedProtocolVersion"; // 2.0
        WRAPPING_OBJECT_ARCHIVED = 0x0000_0040, "WrappingObjectArchived"; // 2.0
        WRAPPING_OBJECT_DESTROYED = 0x0000_0041, "WrappingObjectDestroyed"; // 2.0
        WRAPPING_OBJECT_NOT_FOUND = 0x0000_0042, "WrappingObjectNotFound"; // 2.0
        WRONG_KEY_LIFECYCLE_STATE = 0x0000_0043, "WrongKeyLifecycleState"; // 2.0
        PROTECTION_STORAGE_UNAVAILABLE = 0x0000_0044, "ProtectionStorageUnavailable"; // 2.0
        PKCS_11_CODEC_ERROR = 0x0000_0045, "PKCS_11CodecError"; // "PKCS#11 Codec Error"; 2.0
        PKCS_11_INVALID_FUNCTION = 0x0000_0046, "PKCS_11InvalidFunction"; // "PKCS#11 Invalid Function"; 2.0
        PKCS_11_INVALID_INTERFACE = 0x0000_0047, "PKCS_11InvalidInterface"; // "PKCS#11 Invalid Interface"; 2.0
        PRIVATE_PROTECTION_STORAGE_UNAVAILABLE = 0x0000_0048, "PrivateProtectionStorageUnavailable"; // 2.0
        PUBLIC_PROTECTION_STORAGE_UNAVAILABLE = 0x0000_0049, "PublicProtectionStorageUnavailable"; // 2.0
        UNKNOWN_OBJECT_GROUP = 0x0000_004A, "UnknownObjectGroup"; // 2.1
        CONSTRAINT_VIOLATION = 0x0000_004B, "ConstraintViolation"; // 2.1
        DUPLICATE_PROCESS_REQUEST = 0x0000_004C, "DuplicateProcessRequest"; // 2.1
        GENERAL_FAILURE = 0x0000_0100, "GeneralFailure";
    }

    /// Result Status (`0x42007F`).
    ///
    /// Since KMIP 1.0.
    ResultStatus [RESULT_STATUS] {
        SUCCESS = 0x0000_0000, "Success";
        OPERATION_FAILED = 0x0000_0001, "OperationFailed";
        OPERATION_PENDING = 0x0000_0002, "OperationPending";
        OPERATION_UNDONE = 0x0000_0003, "OperationUndone";
    }

    /// Revocation Reason Code (`0x420082`).
    ///
    /// Since KMIP 1.0.
    RevocationReasonCode [REVOCATION_REASON_CODE] {
        UNSPECIFIED = 0x0000_0001, "Unspecified";
        KEY_COMPROMISE = 0x0000_0002, "KeyCompromise";
        CA_COMPROMISE = 0x0000_0003, "CACompromise";
        AFFILIATION_CHANGED = 0x0000_0004, "AffiliationChanged";
        SUPERSEDED = 0x0000_0005, "Superseded";
        CESSATION_OF_OPERATION = 0x0000_0006, "CessationOfOperation";
        PRIVILEGE_WITHDRAWN = 0x0000_0007, "PrivilegeWithdrawn";
    }

    /// RNG Algorithm (`0x4200DA`).
    ///
    /// Since KMIP 1.3.
    RngAlgorithm [RNG_ALGORITHM] {
        UNSPECIFIED = 0x0000_0001, "Unspecified";
        FIPS_186_2 = 0x0000_0002, "FIPS186_2"; // "FIPS 186-2"
        DRBG = 0x0000_0003, "DRBG";
        NRBG = 0x0000_0004, "NRBG";
        ANSI_X9_31 = 0x0000_0005, "ANSIX9_31"; // "ANSI X9.31"
        ANSI_X9_62 = 0x0000_0006, "ANSIX9_62"; // "ANSI X9.62"
    }

    /// RNG Mode (`0x4200F5`).
    ///
    /// Since KMIP 1.3.
    RngMode [RNG_MODE] {
        UNSPECIFIED = 0x0000_0001, "Unspecified";
        SHARED_INSTANTIATION = 0x0000_0002, "SharedInstantiation";
        NON_SHARED_INSTANTIATION = 0x0000_0003, "NonSharedInstantiation"; // "Non-Shared Instantiation"
    }

    /// Rotate Name Type (`0x420171`).
    ///
    /// Since KMIP 2.1.
    RotateNameType [ROTATE_NAME_TYPE] {
        UNINTERPRETED_TEXT_STRING = 0x0000_0001, "UninterpretedTextString";
        URI = 0x0000_0002, "URI";
    }

    /// Secret Data Type (`0x420086`).
    ///
    /// Since KMIP 1.0.
    SecretDataType [SECRET_DATA_TYPE] {
        PASSWORD = 0x0000_0001, "Password";
        SEED = 0x0000_0002, "Seed";
    }

    /// Shredding Algorithm (`0x4200F4`).
    ///
    /// Since KMIP 1.3.
    ShreddingAlgorithm [SHREDDING_ALGORITHM] {
        UNSPECIFIED = 0x0000_0001, "Unspecified";
        CRYPTOGRAPHIC = 0x0000_0002, "Cryptographic";
        UNSUPPORTED = 0x0000_0003, "Unsupported";
    }

    /// Split Key Method (`0x42008A`).
    ///
    /// Since KMIP 1.0.
    SplitKeyMethod [SPLIT_KEY_METHOD] {
        XOR = 0x0000_0001, "XOR";
        POLYNOMIAL_SHARING_GF_2_16 = 0x0000_0002, "PolynomialSharingGF2_16"; // "Polynomial Sharing GF (2^16)"
        POLYNOMIAL_SHARING_PRIME_FIELD = 0x0000_0003, "PolynomialSharingPrimeField";
        POLYNOMIAL_SHARING_GF_2_8 = 0x0000_0004, "PolynomialSharingGF2_8"; // "Polynomial Sharing GF (2^8)"; 1.2
    }

    /// State (`0x42008D`).
    ///
    /// Since KMIP 1.0.
    State [STATE] {
        PRE_ACTIVE = 0x0000_0001, "PreActive"; // "Pre-Active"
        ACTIVE = 0x0000_0002, "Active";
        DEACTIVATED = 0x0000_0003, "Deactivated";
        COMPROMISED = 0x0000_0004, "Compromised";
        DESTROYED = 0x0000_0005, "Destroyed";
        DESTROYED_COMPROMISED = 0x0000_0006, "DestroyedCompromised";
    }

    /// Ticket Type (`0x42014A`).
    ///
    /// Since KMIP 2.0.
    TicketType [TICKET_TYPE] {
        LOGIN = 0x0000_0001, "Login";
    }

    /// Unique Identifier (`0x420094`).
    ///
    /// Since KMIP 2.0. The Enumeration form of Unique Identifier (normally a Text String).
    UniqueIdentifierEnum [UNIQUE_IDENTIFIER] {
        ID_PLACEHOLDER = 0x0000_0001, "IDPlaceholder";
        CERTIFY = 0x0000_0002, "Certify";
        CREATE = 0x0000_0003, "Create";
        CREATE_KEY_PAIR = 0x0000_0004, "CreateKeyPair";
        CREATE_KEY_PAIR_PRIVATE_KEY = 0x0000_0005, "CreateKeyPairPrivateKey";
        CREATE_KEY_PAIR_PUBLIC_KEY = 0x0000_0006, "CreateKeyPairPublicKey";
        CREATE_SPLIT_KEY = 0x0000_0007, "CreateSplitKey";
        DERIVE_KEY = 0x0000_0008, "DeriveKey";
        IMPORT = 0x0000_0009, "Import";
        JOIN_SPLIT_KEY = 0x0000_000A, "JoinSplitKey";
        LOCATE = 0x0000_000B, "Locate";
        REGISTER = 0x0000_000C, "Register";
        RE_KEY = 0x0000_000D, "ReKey"; // "Re-key"
        RE_CERTIFY = 0x0000_000E, "ReCertify"; // "Re-certify"
        RE_KEY_KEY_PAIR = 0x0000_000F, "ReKeyKeyPair"; // "Re-key Key Pair"
        RE_KEY_KEY_PAIR_PRIVATE_KEY = 0x0000_0010, "ReKeyKeyPairPrivateKey"; // "Re-key Key Pair Private Key"
        RE_KEY_KEY_PAIR_PUBLIC_KEY = 0x0000_0011, "ReKeyKeyPairPublicKey"; // "Re-key Key Pair Public Key"
    }

    /// Unwrap Mode (`0x4200F2`).
    ///
    /// Since KMIP 1.3.
    UnwrapMode [UNWRAP_MODE] {
        UNSPECIFIED = 0x0000_0001, "Unspecified";
        PROCESSED = 0x0000_0002, "Processed";
        NOT_PROCESSED = 0x0000_0003, "NotProcessed";
    }

    /// Usage Limits Unit (`0x420098`).
    ///
    /// Since KMIP 1.0.
    UsageLimitsUnit [USAGE_LIMITS_UNIT] {
        BYTE = 0x0000_0001, "Byte";
        OBJECT = 0x0000_0002, "Object";
    }

    /// Validation Authority Type (`0x4200E0`).
    ///
    /// Since KMIP 1.3.
    ValidationAuthorityType [VALIDATION_AUTHORITY_TYPE] {
        UNSPECIFIED = 0x0000_0001, "Unspecified";
        NIST_CMVP = 0x0000_0002, "NISTCMVP";
        COMMON_CRITERIA = 0x0000_0003, "CommonCriteria";
    }

    /// Validation Type (`0x4200E5`).
    ///
    /// Since KMIP 1.3.
    ValidationType [VALIDATION_TYPE] {
        UNSPECIFIED = 0x0000_0001, "Unspecified";
        HARDWARE = 0x0000_0002, "Hardware";
        SOFTWARE = 0x0000_0003, "Software";
        FIRMWARE = 0x0000_0004, "Firmware";
        HYBRID = 0x0000_0005, "Hybrid";
    }

    /// Validity Indicator (`0x42009B`).
    ///
    /// Since KMIP 1.0.
    ValidityIndicator [VALIDITY_INDICATOR] {
        VALID = 0x0000_0001, "Valid";
        INVALID = 0x0000_0002, "Invalid";
        UNKNOWN = 0x0000_0003, "Unknown";
    }

    /// Wrapping Method (`0x42009E`).
    ///
    /// Since KMIP 1.0.
    WrappingMethod [WRAPPING_METHOD] {
        ENCRYPT = 0x0000_0001, "Encrypt";
        MAC_SIGN = 0x0000_0002, "MACSign"; // "MAC/sign"
        ENCRYPT_THEN_MAC_SIGN = 0x0000_0003, "EncryptThenMACSign"; // "Encrypt then MAC/sign"
        MAC_SIGN_THEN_ENCRYPT = 0x0000_0004, "MACSignThenEncrypt"; // "MAC/sign then encrypt"
        TR_31 = 0x0000_0005, "TR_31"; // "TR-31"
    }
}

masks! {
    /// Cryptographic Usage Mask (`0x42002C`).
    ///
    /// Since KMIP 1.0.
    CryptographicUsageMask [CRYPTOGRAPHIC_USAGE_MASK] {
        SIGN = 0x0000_0001, "Sign";
        VERIFY = 0x0000_0002, "Verify";
        ENCRYPT = 0x0000_0004, "Encrypt";
        DECRYPT = 0x0000_0008, "Decrypt";
        WRAP_KEY = 0x0000_0010, "WrapKey";
        UNWRAP_KEY = 0x0000_0020, "UnwrapKey";
        EXPORT = 0x0000_0040, "Export"; // 1.x; (Reserved) in the 2.1 table
        MAC_GENERATE = 0x0000_0080, "MACGenerate";
        MAC_VERIFY = 0x0000_0100, "MACVerify";
        DERIVE_KEY = 0x0000_0200, "DeriveKey";
        CONTENT_COMMITMENT = 0x0000_0400, "ContentCommitment"; // 1.x "Content Commitment (Non Repudiation)"; (Reserved) in the 2.1 table, yet the 2.1 test cases still send it
        KEY_AGREEMENT = 0x0000_0800, "KeyAgreement";
        CERTIFICATE_SIGN = 0x0000_1000, "CertificateSign";
        CRL_SIGN = 0x0000_2000, "CRLSign";
        GENERATE_CRYPTOGRAM = 0x0000_4000, "GenerateCryptogram"; // 1.x; (Reserved) in 2.0+
        VALIDATE_CRYPTOGRAM = 0x0000_8000, "ValidateCryptogram"; // 1.x; (Reserved) in 2.0+
        TRANSLATE_ENCRYPT = 0x0001_0000, "TranslateEncrypt"; // 1.x; (Reserved) in 2.0+
        TRANSLATE_DECRYPT = 0x0002_0000, "TranslateDecrypt"; // 1.x; (Reserved) in 2.0+
        TRANSLATE_WRAP = 0x0004_0000, "TranslateWrap"; // 1.x; (Reserved) in 2.0+
        TRANSLATE_UNWRAP = 0x0008_0000, "TranslateUnwrap"; // 1.x; (Reserved) in 2.0+
        AUTHENTICATE = 0x0010_0000, "Authenticate"; // 2.0
        UNRESTRICTED = 0x0020_0000, "Unrestricted"; // 2.0
        FPE_ENCRYPT = 0x0040_0000, "FPEEncrypt"; // 2.0
        FPE_DECRYPT = 0x0080_0000, "FPEDecrypt"; // 2.0
    }

    /// Protection Storage Mask (`0x42015E`).
    ///
    /// Since KMIP 2.0.
    ProtectionStorageMask [PROTECTION_STORAGE_MASK] {
        SOFTWARE = 0x0000_0001, "Software";
        HARDWARE = 0x0000_0002, "Hardware";
        ON_PROCESSOR = 0x0000_0004, "OnProcessor";
        ON_SYSTEM = 0x0000_0008, "OnSystem";
        OFF_SYSTEM = 0x0000_0010, "OffSystem";
        HYPERVISOR = 0x0000_0020, "Hypervisor";
        OPERATING_SYSTEM = 0x0000_0040, "OperatingSystem";
        CONTAINER = 0x0000_0080, "Container";
        ON_PREMISES = 0x0000_0100, "OnPremises";
        OFF_PREMISES = 0x0000_0200, "OffPremises";
        SELF_MANAGED = 0x0000_0400, "SelfManaged";
        OUTSOURCED = 0x0000_0800, "Outsourced";
        VALIDATED = 0x0000_1000, "Validated";
        SAME_JURISDICTION = 0x0000_2000, "SameJurisdiction";
    }

    /// Storage Status Mask (`0x42008E`).
    ///
    /// Since KMIP 1.0.
    StorageStatusMask [STORAGE_STATUS_MASK] {
        ON_LINE_STORAGE = 0x0000_0001, "OnLineStorage"; // "On-line storage"
        ARCHIVAL_STORAGE = 0x0000_0002, "ArchivalStorage";
        DESTROYED_STORAGE = 0x0000_0004, "DestroyedStorage"; // 2.0
    }
}
