"""LinkedIn: 3-legged OAuth, the member (OpenID userinfo) and the organizations they administer."""

from __future__ import annotations

from allin_app.platforms.base import OAuth2Adapter, Profile, TokenSet


class LinkedInAdapter(OAuth2Adapter):
    """Real hosts: auth and tokens https://www.linkedin.com, API https://api.linkedin.com."""

    network = "linkedin"
    label = "LinkedIn"
    default_scopes = ("openid", "profile", "w_member_social", "w_organization_social", "r_organization_admin")
    authorize_path = "/oauth/v2/authorization"
    token_path = "/oauth/v2/accessToken"
    revoke_path = "/oauth/v2/revoke"

    def list_profiles(self, token_set: TokenSet) -> list[Profile]:
        me = self.get_json("/v2/userinfo", token_set)
        profiles = [Profile(external_id=me["sub"], handle=me["sub"], display_name=me["name"],
                            avatar_url=me.get("picture", ""), followers=0, kind="profile")]
        acls = self.get_json("/rest/organizationAcls", token_set,
                             {"q": "roleAssignee", "role": "ADMINISTRATOR", "state": "APPROVED"})
        for acl in acls["elements"]:
            urn = acl["organization"]
            org = self.get_json(f"/rest/organizations/{urn.rsplit(':', 1)[1]}", token_set)
            size = self.get_json(f"/rest/networkSizes/{urn}", token_set, {"edgeType": "COMPANY_FOLLOWED_BY_MEMBER"})
            profiles.append(Profile(external_id=str(org["id"]), handle=org.get("vanityName", str(org["id"])),
                                    display_name=org["localizedName"], avatar_url="",
                                    followers=int(size.get("firstDegreeSize", 0)), kind="organization"))
        return profiles
