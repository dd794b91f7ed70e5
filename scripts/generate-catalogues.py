#!/usr/bin/env python3
"""Writes the scope catalogues of realm-config/catalogues/ and adds their scopes to realm-config/demo-realm.json.

The sources are the product documents in the project's reference folder: the VPN product's catalogue (already in
demo-realm.json, copied out to vpn.json), the SaaS product's permission set (002, names verbatim; the document gives
no descriptions, so they are made from the names) and the IoT platform's entity x operation table (003, named
<entity>.<operation>, with the document's descriptions; Domain scopes locked to the realm). Run it after changing a
catalogue; CataloguesTest checks that the files and the demo realm agree. demo-realm.json is edited as text, so the
rest of the file keeps its formatting; a scope already in the demo realm (groups.update and groups.delete are in both
the VPN and the IoT catalogue) is kept as it is.
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "realm-config" / "catalogues"
DEMO = ROOT / "realm-config" / "demo-realm.json"

SAAS = """api.organizations.read, api.organizations.write, api.organizations.delete, api.engagements.read, api.engagements.write, api.engagements.delete, api.analyses.read, api.analyses.write, api.analyses.delete, api.analyses.run, api.analysis-sources.read, api.analysis-sources.write, api.analysis-sources.delete, api.file-manager.read, api.file-manager.write, api.file-manager.delete, api.reporting-period-config.read, api.reporting-period-config.write, api.reporting-period-config.delete, api.libraries.read, api.libraries.write, api.libraries.delete, api.account-groupings.read, api.account-groupings.write, api.account-groupings.delete, api.engagement-account-groupings.read, api.engagement-account-groupings.write, api.engagement-account-groupings.delete, api.users.read, api.users.write, api.users.delete, api.data-tables.read, api.api-tokens.read, api.api-tokens.write, api.api-tokens.delete, api.tasks.read, api.tasks.write, api.tasks.delete, api.admin-reports.run, api.analysis-types.read, api.analysis-source-types.read, api.analysis-type-configuration.read, api.analysis-type-configuration.write, api.analysis-type-configuration.delete, api.risk-ranges.read, api.risk-ranges.write, api.risk-ranges.delete, api.filters.read, api.filters.write, api.filters.delete, api.file-infos.read, api.webhooks.read, api.webhooks.write, api.webhooks.delete, api.connections.read, api.connections.write, api.connections.delete, api.connection-data-sources.read, api.connection-data-sources.write, api.connection-data-sources.delete, scim.user.read, scim.user.write, scim.user.delete, scim.user.schema"""

IOT = {
    "Clients": ("clients", """view | View a client
update | Update client information
update_tags | Update client tags
update_secret | Update client secret/credentials
enable | Enable a client
disable | Disable a client
delete | Delete a client
set_parent_group | Assign a parent group to a client
remove_parent_group | Remove the parent group from a client
connect_to_channel | Connect a client to a channel
disconnect_from_channel | Disconnect a client from a channel"""),
    "Channels": ("channels", """view | View a channel
update | Update channel information
update_tags | Update channel tags
enable | Enable a channel
disable | Disable a channel
delete | Delete a channel
set_parent_group | Assign a parent group to a channel
remove_parent_group | Remove the parent group from a channel
connect_client | Connect a client to the channel
disconnect_client | Disconnect a client from the channel"""),
    "Groups": ("groups", """view | View a group
update | Update group information
update_tags | Update group tags
enable | Enable a group
disable | Disable a group
delete | Delete a group
retrieve_group_hierarchy | Retrieve the group hierarchy
add_parent_group | Assign a parent group
remove_parent_group | Remove the parent group
add_children_groups | Add child groups
remove_children_groups | Remove specific child groups
remove_all_children_groups | Remove all child groups
list_children_groups | List child groups
set_child_client | Assign a client as a child of the group
remove_child_client | Remove a client from the group
set_child_channel | Assign a channel as a child of the group
remove_child_channel | Remove a channel from the group"""),
    "Domain": ("domain", """create | Create a new domain
update | Update domain information
read | Read domain details
enable | Enable the domain
disable | Disable the domain
list | List domains
send_invitation | Send a domain invitation
list_invitation | List invitations sent by the user
list_domain_invitation | List all invitations for the domain
delete_invitation | Delete a domain invitation
create_clients | Create clients within the domain
list_clients | List clients in the domain
create_channels | Create channels within the domain
list_channels | List channels in the domain
create_groups | Create groups within the domain
list_groups | List groups in the domain"""),
}


def scope(name, description, locked=False):
    attributes = {"include.in.token.scope": "true", "display.on.consent.screen": "false", "api-token.grantable": "true"}
    if locked:
        attributes["api-token.locked-to-realm"] = "true"
    return {"name": name, "description": description, "protocol": "openid-connect", "attributes": attributes}


def saas():
    scopes = []
    for name in [n.strip() for n in SAAS.split(",")]:
        prefix, entity, operation = name.split(".")
        label = ("SCIM " if prefix == "scim" else "") + entity.replace("-", " ")
        scopes.append(scope(name, label[0].upper() + label[1:] + ": " + operation))
    return {"clientScopes": scopes}


def iot():
    scopes = []
    for title, (entity, table) in IOT.items():
        for row in table.splitlines():
            operation, description = [part.strip() for part in row.split("|")]
            scopes.append(scope(entity + "." + operation, title + ": " + description, locked=entity == "domain"))
    return {"clientScopes": scopes}


def vpn(demo):
    grantable = [s for s in demo["clientScopes"] if s.get("attributes", {}).get("api-token.grantable") == "true"]
    names = {s["name"] for s in grantable}
    mappings = [m for m in demo["scopeMappings"] if m.get("clientScope") in names]
    roles = sorted({r for m in mappings for r in m["roles"]})
    realm_roles = [r for r in demo["roles"]["realm"] if r["name"] in roles]
    return {"roles": {"realm": realm_roles}, "clientScopes": grantable, "scopeMappings": mappings}


def write(name, catalogue):
    (CATALOGUES / name).write_text(json.dumps(catalogue, indent=2, ensure_ascii=False) + "\n")


def add_to_demo(scopes):
    text = DEMO.read_text()
    demo = json.loads(text)
    present = {s["name"] for s in demo["clientScopes"]}
    missing = [s for s in scopes if s["name"] not in present]
    if not missing:
        return 0
    # the clientScopes array ends with "\n    }\n  ],\n  \"defaultDefaultClientScopes\""
    anchor = "\n  ],\n  \"defaultDefaultClientScopes\""
    at = text.index(anchor)
    entries = ",\n".join("    " + json.dumps(s, indent=2, ensure_ascii=False).replace("\n", "\n    ") for s in missing)
    DEMO.write_text(text[:at] + ",\n" + entries + text[at:])
    json.loads(DEMO.read_text())
    return len(missing)


def main():
    CATALOGUES.mkdir(exist_ok=True)
    demo = json.loads(DEMO.read_text())
    write("vpn.json", vpn(demo))
    write("saas.json", saas())
    write("iot.json", iot())
    added = add_to_demo(saas()["clientScopes"] + iot()["clientScopes"])
    print("catalogues written; %d scopes added to %s" % (added, DEMO.name))


if __name__ == "__main__":
    main()
